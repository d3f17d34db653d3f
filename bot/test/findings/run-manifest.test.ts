import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { MAX_RUN_MANIFEST_CHARS } from '@devsecops/shared/sarif';
import { notScannedByManifest } from '../../src/findings/run-manifest';
import { runManifest } from '../../../shared/test/sarif/run-manifest-fixture';

const MANIFEST_KEY = 'repo/c0ffee/pipeline-run.json';

/** What the bot notes of a manifest it refuses: the problem, and what to upload instead. */
function refusal(problem: string): { report: string; reason: string }[] {
  return [
    {
      report: MANIFEST_KEY,
      reason: `pipeline-run.json is not a run manifest as devsecops pipeline run writes it (${problem}), so it cannot say every scan ran; upload the reports folder that devsecops pipeline run writes, unchanged, by a CLI of the bot's version`,
    },
  ];
}

/** A complete run whose one action passed with its report uploaded, changed by `edit`. */
function editedManifest(edit: (manifest: Record<string, unknown>) => void): string {
  const manifest = JSON.parse(
    JSON.stringify(runManifest([{ name: 'sast', status: 'succeeded', gate: 'passed', reportFiles: ['sast.sarif'] }])),
  ) as Record<string, unknown>;
  edit(manifest);
  return JSON.stringify(manifest);
}

/** The first action of the manifest's first stage, to edit. */
function firstAction(manifest: Record<string, unknown>): Record<string, unknown> {
  const [stage] = manifest['stages'] as Record<string, unknown>[];
  const [action] = (stage?.['actions'] ?? []) as Record<string, unknown>[];
  assert.ok(action !== undefined);
  return action;
}

function notesOf(text: string): ReturnType<typeof notScannedByManifest> {
  return notScannedByManifest(text, MANIFEST_KEY, ['repo/c0ffee/sast.sarif']);
}

describe('the run manifest from the findings bucket, read as hostile input', () => {
  it('a manifest as the CLI writes it, with its report uploaded, says nothing is missing', () => {
    assert.deepStrictEqual(notesOf(editedManifest(() => undefined)), []);
  });

  it('attack: wrong types are refused with where and what', () => {
    const cases: readonly [(manifest: Record<string, unknown>) => void, string][] = [
      [(m) => (m['stages'] = 'all of them'), 'stages is "all of them"; it must be a list of at most 32 stages'],
      [
        (m) => (firstAction(m)['status'] = 'ok'),
        'stages[0].actions[0].status is "ok"; a status is succeeded, failed or skipped',
      ],
      [
        (m) => (firstAction(m)['status'] = true),
        'stages[0].actions[0].status is true; a status is succeeded, failed or skipped',
      ],
      [
        (m) => (firstAction(m)['gate'] = 'skipped'),
        'stages[0].actions[0].gate is "skipped"; a gate is passed, failed or incomplete',
      ],
      [
        (m) => (firstAction(m)['reportFiles'] = 'sast.sarif'),
        'stages[0].actions[0].reportFiles is "sast.sarif"; it must be a list of at most 64 file names',
      ],
      [(m) => (firstAction(m)['reportFiles'] = [42]), 'stages[0].actions[0].reportFiles[0] is 42; it must be string'],
      [
        (m) => (firstAction(m)['name'] = { toString: 'x' }),
        'stages[0].actions[0].name is a mapping; it must be string',
      ],
      [(m) => (firstAction(m)['findings'] = -1), 'stages[0].actions[0].findings is -1; it must be >= 0'],
      [(m) => (m['cancelled'] = 'false'), 'cancelled is "false"; it must be boolean'],
    ];
    for (const [edit, problem] of cases)
      assert.deepStrictEqual(notesOf(editedManifest(edit)), refusal(problem), problem);
  });

  it('attack: a document that is not a JSON object, or not JSON, is refused', () => {
    assert.deepStrictEqual(notesOf('{"stages": ['), refusal('it is not JSON'));
    assert.deepStrictEqual(notesOf(''), refusal('it is not JSON'));
    for (const [text, shown] of [
      ['null', 'empty'],
      ['[]', 'a list'],
      ['"pipeline-run"', '"pipeline-run"'],
      ['7', '7'],
    ] as const) {
      assert.deepStrictEqual(
        notesOf(text),
        refusal(`the run manifest is ${shown}, not a JSON object with the run's \`stages\``),
        text,
      );
    }
  });

  it('attack: missing keys are refused by name', () => {
    const cases: readonly [(manifest: Record<string, unknown>) => void, string][] = [
      [(m) => delete m['stages'], 'the run manifest has no `stages`'],
      [(m) => delete m['runner'], 'the run manifest has no "runner"'],
      [(m) => delete firstAction(m)['status'], 'stages[0].actions[0] has no "status"'],
      [(m) => delete firstAction(m)['reportFiles'], 'stages[0].actions[0] has no "reportFiles"'],
    ];
    for (const [edit, problem] of cases)
      assert.deepStrictEqual(notesOf(editedManifest(edit)), refusal(problem), problem);
  });

  it('attack: keys the CLI never writes are refused, prototype keys among them, and pollute nothing', () => {
    const cases: readonly [string, string][] = [
      [
        editedManifest((m) => (m['approve'] = true)),
        'the run manifest has a key "approve" that devsecops pipeline run never writes',
      ],
      [
        editedManifest((m) => (firstAction(m)['skip'] = true)),
        'stages[0].actions[0] has a key "skip" that devsecops pipeline run never writes',
      ],
      // JSON.parse keeps "__proto__" as an own key; it must be refused, not followed into Object.prototype.
      [
        editedManifest((m) => (firstAction(m)['constructor'] = { prototype: { polluted: true } })),
        'stages[0].actions[0] has a key "constructor" that devsecops pipeline run never writes',
      ],
    ];
    for (const [text, problem] of cases) assert.deepStrictEqual(notesOf(text), refusal(problem), problem);
    const protoAtTop = editedManifest(() => undefined).replace(/^\{/, '{"__proto__": {"polluted": true},');
    assert.deepStrictEqual(
      notesOf(protoAtTop),
      refusal('the run manifest has a key "__proto__" that devsecops pipeline run never writes'),
    );
    const protoInAction = editedManifest(() => undefined).replace(
      '"name":"sast"',
      '"__proto__":{"status":"failed"},"name":"sast"',
    );
    assert.deepStrictEqual(
      notesOf(protoInAction),
      refusal('stages[0].actions[0] has a key "__proto__" that devsecops pipeline run never writes'),
    );
    assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
    assert.equal(Object.prototype.hasOwnProperty.call(Object.prototype, 'status'), false);
  });

  it('attack: huge lists are refused at their bound, quickly, with one note', () => {
    const started = Date.now();
    const cases: readonly [(manifest: Record<string, unknown>) => void, string][] = [
      [
        (m) => (m['stages'] = Array.from({ length: 200_000 }, () => 0)),
        'stages is a list; it must be a list of at most 32 stages',
      ],
      [
        (m) => (firstAction(m)['reportFiles'] = Array.from({ length: 200_000 }, (_, i) => `r${String(i)}.sarif`)),
        'stages[0].actions[0].reportFiles is a list; it must be a list of at most 64 file names',
      ],
    ];
    for (const [edit, problem] of cases)
      assert.deepStrictEqual(notesOf(editedManifest(edit)), refusal(problem), problem);
    assert.ok(Date.now() - started < 10_000, `took ${String(Date.now() - started)} ms`);
  });

  it('attack: a manifest longer than the bound is refused before it is parsed', () => {
    const text = `{"stages": [], "pad": "${'x'.repeat(MAX_RUN_MANIFEST_CHARS)}"}`;
    assert.deepStrictEqual(
      notesOf(text),
      refusal(`it has ${String(text.length)} characters, more than the ${String(MAX_RUN_MANIFEST_CHARS)} read`),
    );
  });

  it('attack: any JSON value, or any text, gives notes and never throws', () => {
    fc.assert(
      fc.property(fc.oneof(fc.json(), fc.string()), (text) => {
        assert.ok(Array.isArray(notesOf(text)));
      }),
      { numRuns: 500 },
    );
  });
});
