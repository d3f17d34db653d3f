import type { S3Client } from '@aws-sdk/client-s3';
import { s3ReportStore } from '@devsecops/shared/aws';
import { findingsPrefix, readStoredReports, RUN_MANIFEST_NAME } from '@devsecops/shared/sarif';
import type { StoredReports, UnreadReport } from '@devsecops/shared/sarif';
import { readReport } from '../findings/read-report';
import type { SarifReader } from '../findings/read-report';
import type { LoadedFindings, NotScanned } from '../findings/loaded-findings';
import { notScannedByManifest } from '../findings/run-manifest';
import type { FindingsSource } from '../ports';
import { awsCallError } from './aws-errors';

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

/**
 * A report left unread because it is past the bot's limits: what it holds is unknown, so the run cannot be
 * judged. A pipeline run writes nothing near them, so something else wrote it.
 */
function unreadReport(report: UnreadReport): NotScanned {
  return {
    report: report.key,
    reason: `${report.reason}; devsecops pipeline run writes nothing this large, so check what else writes to the findings bucket`,
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
        stored = await readStoredReports(s3ReportStore(client, request.bucket), {
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
      const manifestUnread = stored.unread.some((report) => report.key === `${prefix}${RUN_MANIFEST_NAME}`);
      const reports = stored.sarif.map((report) => readReport(readSarif, report.text, report.key));
      return {
        findings: reports.flatMap((report) => report.findings),
        sources: keys,
        location,
        notScanned: [
          ...reports.flatMap((report) => report.notScanned),
          ...stored.unread.map(unreadReport),
          ...(keys.length === 0 || manifestUnread
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
