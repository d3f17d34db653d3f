import { deepStrictEqual, ok } from 'node:assert/strict';
import type { PipelineProgressEvent, StageViewState } from '../../src/pipeline/progress';
import {
  applyProgressEvent,
  createPlainProgressRenderer,
  createTtyProgressRenderer,
  renderStageView,
} from '../../src/pipeline/progress';

const [STAGE_STARTED, SCA_STARTED, SAST_STARTED, SAST_LOG, SCA_ENDED] = [
  { type: 'stage-started', stage: 'application-validation', actions: ['sca', 'sast'] },
  { type: 'action-started', stage: 'application-validation', action: 'sca' },
  { type: 'action-started', stage: 'application-validation', action: 'sast' },
  { type: 'action-log', stage: 'application-validation', action: 'sast', line: '[Container] Running command bandit' },
  {
    type: 'action-ended',
    stage: 'application-validation',
    action: 'sca',
    status: 'succeeded',
    findings: 6,
    durationMs: 1200,
  },
] as const satisfies readonly PipelineProgressEvent[];
const EVENTS: readonly PipelineProgressEvent[] = [STAGE_STARTED, SCA_STARTED, SAST_STARTED, SAST_LOG, SCA_ENDED];

describe('pipeline progress', () => {
  it('renders the live stage view: spinner for running work, icons, findings and durations', () => {
    const state: StageViewState = { stages: [] };
    for (const event of EVENTS) applyProgressEvent(state, event, 1000);
    applyProgressEvent(
      state,
      {
        type: 'stage-ended',
        stage: 'image-build',
        status: 'skipped',
        reason: 'no container engine',
        actions: ['image-build'],
      },
      1000,
    );
    deepStrictEqual(renderStageView(state, 3500, 0, 80), [
      '⠋ application-validation',
      '    ✔ sca          succeeded · 6 findings · 1.2 s',
      '    ⠋ sast         2.5 s',
      '        [Container] Running command bandit',
      '○ image-build  (no container engine)',
      '    · image-build  ',
    ]);
  });

  it('prints plain lines without cursor movement and without log lines', () => {
    const written: string[] = [];
    const renderer = createPlainProgressRenderer((text) => written.push(text));
    for (const event of EVENTS) renderer.onProgress(event);
    renderer.stop();
    deepStrictEqual(written.join('').split('\n'), [
      'stage application-validation: started (sca + sast)',
      '  action sca: started',
      '  action sast: started',
      '  action sca: succeeded (6 findings, 1.2 s)',
      '',
    ]);
  });

  it('redraws in place on a TTY and draws nothing after stop', () => {
    const written: string[] = [];
    const renderer = createTtyProgressRenderer({ write: (text: string) => written.push(text), columns: 80 }, 60_000);
    renderer.onProgress(STAGE_STARTED);
    renderer.onProgress(SCA_STARTED);
    renderer.stop();
    const afterStop = written.length;
    renderer.onProgress(SCA_ENDED);
    renderer.stop();
    deepStrictEqual(written.length, afterStop);
    ok(written[1]?.startsWith('\x1b[3A\r\x1b[J'), 'the second frame moves up over the first one');
  });
});
