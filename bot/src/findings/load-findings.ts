import type { S3Client } from '@aws-sdk/client-s3';
import { isDevsecopsError } from '@devsecops/shared/errors';
import type { Finding } from '@devsecops/shared/findings';
import { findingsPrefix, readStoredReports, RUN_MANIFEST_NAME } from '@devsecops/shared/sarif';
import type { ImportedSarifReport, StoredReports } from '@devsecops/shared/sarif';
import type { ToolWithoutBaseline } from '@devsecops/shared/policy';
import { awsCallError } from '../codecommit/aws-errors';
import type { FindingsSource } from '../ports';
import type { LoadedFindings, NotScanned } from './loaded-findings';
import { notScannedByManifest } from './run-manifest';

/**
 * Turns one SARIF document into fingerprinted findings and its tool runs. `sourceName` names the
 * file in messages. Throws DevsecopsError('INPUT_INVALID') for text that is not SARIF.
 */
export type SarifReader = (text: string, sourceName: string) => ImportedSarifReport;

/**
 * Reads one report for the review: its findings, and everything that makes it incomplete. A report
 * that is not SARIF, or that has no tool run at all (nothing in it says anything was scanned), is
 * itself "not scanned" rather than an empty report that would pass.
 */
export function readReport(
  readSarif: SarifReader,
  text: string,
  source: string,
): {
  readonly findings: readonly Finding[];
  readonly notScanned: readonly NotScanned[];
  readonly preExisting: readonly string[];
  readonly withoutBaseline: readonly ToolWithoutBaseline[];
} {
  let report: ImportedSarifReport;
  try {
    report = readSarif(text, source);
  } catch (error) {
    if (!isDevsecopsError(error) || error.code !== 'INPUT_INVALID') throw error;
    return {
      findings: [],
      notScanned: [{ report: source, reason: `the report cannot be read: ${error.message}` }],
      preExisting: [],
      withoutBaseline: [],
    };
  }
  if (report.tools.length === 0) {
    return {
      findings: report.findings,
      notScanned: [
        { report: source, reason: 'the report has no tool runs, so nothing in it says anything was scanned' },
      ],
      preExisting: report.preExisting,
      withoutBaseline: report.withoutBaseline,
    };
  }
  const notScanned = report.tools.flatMap((tool): NotScanned[] => [
    ...(tool.status === 'failed'
      ? [{ report: source, tool: tool.name, reason: `${tool.name} failed: ${tool.reason ?? 'no reason given'}` }]
      : []),
    ...(tool.unscanned ?? []).map((file) => ({
      report: source,
      tool: tool.name,
      path: file.path,
      reason: file.reason,
    })),
  ]);
  return {
    findings: report.findings,
    notScanned,
    preExisting: report.preExisting,
    withoutBaseline: report.withoutBaseline,
  };
}

/**
 * Reports without their run manifest cannot show that every scan ran: an upload still in progress (the
 * manifest and each SARIF are separate objects) or a hand upload of a few SARIF files looks like a whole scan
 * that found little. So the manifest is required, and its absence is a reason for no verdict.
 */
function missingManifest(key: string): NotScanned {
  return {
    report: key,
    reason: `the run manifest ${RUN_MANIFEST_NAME} is missing, so these reports cannot show that every scan ran; upload the whole reports folder that devsecops pipeline run writes`,
  };
}

/** Reads `s3://<bucket>/<repository>/<commit>/*.sarif` and the run manifest beside them, as the builds upload them. */
export function s3FindingsSource(
  client: S3Client,
  request: { readonly bucket: string; readonly repositoryName: string; readonly commit: string },
  readSarif: SarifReader,
): FindingsSource {
  const prefix = findingsPrefix(request.repositoryName, request.commit);
  const location = `s3://${request.bucket}/${prefix}`;
  return {
    async load(): Promise<LoadedFindings> {
      let stored: StoredReports;
      try {
        stored = await readStoredReports(client, {
          bucket: request.bucket,
          repository: request.repositoryName,
          commit: request.commit,
          withManifest: true,
        });
      } catch (error) {
        throw awsCallError(
          {
            service: 'S3',
            action: `read the scan reports under ${location}`,
            permission: 's3:ListBucket on that prefix and s3:GetObject on its objects',
          },
          error,
        );
      }
      const keys = stored.sarif.map((report) => report.key);
      const manifest = stored.manifest;
      const reports = stored.sarif.map((report) => readReport(readSarif, report.text, report.key));
      return {
        findings: reports.flatMap((report) => report.findings),
        sources: keys,
        location,
        notScanned: [
          ...reports.flatMap((report) => report.notScanned),
          ...(keys.length === 0
            ? []
            : manifest === undefined
              ? [missingManifest(`${prefix}${RUN_MANIFEST_NAME}`)]
              : notScannedByManifest(manifest.text, manifest.key, keys)),
        ],
        preExisting: new Set(reports.flatMap((report) => report.preExisting)),
        withoutBaseline: reports.flatMap((report) => report.withoutBaseline),
      };
    },
  };
}
