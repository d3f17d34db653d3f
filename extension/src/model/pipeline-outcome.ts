import type { Finding } from '@devsecops/shared/findings';
import type { PipelineRunReport } from '@devsecops/shared/pipeline';

/** What a pipeline run (local or AWS) gives the editor: the run report and the findings of its SARIF reports. */
export interface PipelineOutcome {
  readonly report: PipelineRunReport;
  readonly findings: readonly Finding[];
}
