import { GetObjectCommand, paginateListObjectsV2 } from '@aws-sdk/client-s3';
import type { S3Client } from '@aws-sdk/client-s3';
import { findingsPrefix, isSarifReportName, RUN_MANIFEST_NAME } from './report-layout';

/** One object of a commit's reports in the findings bucket. */
export interface StoredReport {
  /** Object key, `<repository>/<commit>/<name>`. */
  readonly key: string;
  readonly text: string;
}

/** A commit's reports as the findings bucket holds them. */
export interface StoredReports {
  /** `<repository>/<commit>/`. */
  readonly prefix: string;
  /** Every `<prefix><name>.sarif` object, sorted by key. Empty: nothing was uploaded (yet). */
  readonly sarif: readonly StoredReport[];
  /** The run manifest, when it was asked for and uploaded. */
  readonly manifest?: StoredReport;
}

async function objectText(client: S3Client, bucket: string, key: string): Promise<string> {
  const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return (await object.Body?.transformToString('utf-8')) ?? '';
}

/**
 * Reads a commit's reports from the findings bucket: the SARIF files in key order and, with `withManifest`,
 * the run manifest beside them. The SDK's errors rise unchanged, for the caller to say what access is missing.
 */
export async function readStoredReports(
  client: S3Client,
  request: {
    readonly bucket: string;
    readonly repository: string;
    readonly commit: string;
    readonly withManifest?: boolean;
  },
): Promise<StoredReports> {
  const prefix = findingsPrefix(request.repository, request.commit);
  const manifestKey = `${prefix}${RUN_MANIFEST_NAME}`;
  const keys: string[] = [];
  let manifestListed = false;
  for await (const page of paginateListObjectsV2({ client }, { Bucket: request.bucket, Prefix: prefix })) {
    for (const object of page.Contents ?? []) {
      if (object.Key === undefined) continue;
      if (isSarifReportName(object.Key)) keys.push(object.Key);
      if (object.Key === manifestKey) manifestListed = true;
    }
  }
  keys.sort();
  const sarif: StoredReport[] = [];
  for (const key of keys) sarif.push({ key, text: await objectText(client, request.bucket, key) });
  if (request.withManifest !== true || !manifestListed) return { prefix, sarif };
  return { prefix, sarif, manifest: { key: manifestKey, text: await objectText(client, request.bucket, manifestKey) } };
}
