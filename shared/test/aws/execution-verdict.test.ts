import { deepStrictEqual } from 'node:assert/strict';
import { PipelineExecutionStatus } from '@aws-sdk/client-codepipeline';
import { executionVerdict } from '../../src/aws/execution-verdict';
import type { ExecutionVerdict } from '../../src/aws/execution-verdict';

describe('executionVerdict: what a CodePipeline execution status says of its run', () => {
  // Every status the SDK names, each with the verdict it must give; only Succeeded leaves the run to its stages.
  const expected: Readonly<Record<PipelineExecutionStatus, ExecutionVerdict>> = {
    Succeeded: { cancelled: false },
    Failed: { cancelled: false, runFailure: 'CodePipeline ended the execution Failed: Stage build failed.' },
    InProgress: { cancelled: true },
    Stopping: { cancelled: true },
    Stopped: { cancelled: true },
    Cancelled: { cancelled: true },
    Superseded: { cancelled: true },
  };

  it("covers every status of the SDK's PipelineExecutionStatus", () => {
    deepStrictEqual(Object.keys(expected).sort(), Object.values(PipelineExecutionStatus).sort());
  });

  for (const [status, verdict] of Object.entries(expected)) {
    it(`an execution ${status} gives ${JSON.stringify(verdict)}`, () => {
      deepStrictEqual(executionVerdict({ status, statusSummary: 'Stage build failed.' }), verdict);
    });
  }

  it('fails an execution Failed without a summary', () => {
    deepStrictEqual(executionVerdict({ status: 'Failed' }), {
      cancelled: false,
      runFailure: 'CodePipeline ended the execution Failed',
    });
  });

  it('fails, never passes, an execution whose status this version does not know', () => {
    deepStrictEqual(executionVerdict({ status: 'RolledBack' }), {
      cancelled: false,
      runFailure: 'CodePipeline ended the execution with status RolledBack, which this version does not know',
    });
  });
});
