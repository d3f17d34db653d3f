import { importSarifReport } from '@devsecops/shared/sarif';
import type { LineReader } from '@devsecops/shared/findings';
import type { SarifReader } from './read-report';

/**
 * The SARIF reader the bot uses: shared's importer (findings and tool runs), which keeps our fingerprint
 * (`partialFingerprints['devsecops/v1']`) so a finding is the same one the pipeline and the editor
 * saw. Foreign SARIF without it is fingerprinted from `readLine` (the CLI passes the checkout),
 * else from rule and message.
 */
export function sarifReader(options: { readonly root?: string; readonly readLine?: LineReader } = {}): SarifReader {
  return (text, sourceName) =>
    importSarifReport(text, {
      sourceName,
      ...(options.root === undefined ? {} : { root: options.root }),
      ...(options.readLine === undefined ? {} : { readLine: options.readLine }),
    });
}
