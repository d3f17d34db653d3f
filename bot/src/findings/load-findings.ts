import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import type { S3Client } from '@aws-sdk/client-s3';
import { DevsecopsError, isDevsecopsError } from '@devsecops/shared';
import type { Finding, ImportedSarifReport } from '@devsecops/shared';
import { readRepositoryFile } from '@devsecops/shared/src/files/repository-file';

/**
 * Turns one SARIF document into fingerprinted findings and its tool runs. `sourceName` names the
 * file in messages. Throws DevsecopsError('INPUT_INVALID') for text that is not SARIF.
 */
export type SarifReader = (text: string, sourceName: string) => ImportedSarifReport;

/**
 * Something a report says was not checked, or a report that cannot be trusted at all. Any of these
 * makes the review incomplete: no verdict, and never an approval.
 */
export interface NotScanned {
  /** The report (S3 key or local path) this comes from. */
  readonly report: string;
  /** The tool, when the report names one. */
  readonly tool?: string;
  /** The repository-relative file, when it is about one file. */
  readonly path?: string;
  /** Why, in the tool's or the reader's words. */
  readonly reason: string;
}

/** The findings of one commit and where they came from. */
export interface LoadedFindings {
  readonly findings: readonly Finding[];
  /** The SARIF files read (S3 keys or local paths), sorted. Empty: the pipeline has not uploaded yet. */
  readonly sources: readonly string[];
  /** Where the reports are, for the summary (`s3://bucket/repo/commit/` or a local folder). */
  readonly location: string;
  /** What the reports say was not checked (files, failed tools, unreadable or empty reports). */
  readonly notScanned: readonly NotScanned[];
}

/**
 * Reads one report for the review: its findings, and everything that makes it incomplete. A report
 * that is not SARIF, or that has no tool run at all (nothing in it says anything was scanned), is
 * itself "not scanned" rather than an empty report that would pass.
 */
export function readReport(
  readSarif: SarifReader,
  text: string,
  source: string,
): { readonly findings: readonly Finding[]; readonly notScanned: readonly NotScanned[] } {
  let report: ImportedSarifReport;
  try {
    report = readSarif(text, source);
  } catch (error) {
    if (!isDevsecopsError(error) || error.code !== 'INPUT_INVALID') throw error;
    return { findings: [], notScanned: [{ report: source, reason: `the report cannot be read: ${error.message}` }] };
  }
  if (report.tools.length === 0) {
    return {
      findings: report.findings,
      notScanned: [
        { report: source, reason: 'the report has no tool runs, so nothing in it says anything was scanned' },
      ],
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
  return { findings: report.findings, notScanned };
}

/** Where findings come from: S3 in the Lambda, local files in the CLI. */
export interface FindingsSource {
  load(): Promise<LoadedFindings>;
}

/** `<repository>/<commit>/`: the S3 prefix the pipeline writes each stage's `<stage>.sarif` under. */
export function findingsPrefix(repositoryName: string, commit: string): string {
  return `${repositoryName}/${commit}/`;
}

/** Reads `s3://<bucket>/<repository>/<commit>/*.sarif` (ARCHITECTURE's layout). */
export function s3FindingsSource(
  client: S3Client,
  request: { readonly bucket: string; readonly repositoryName: string; readonly commit: string },
  readSarif: SarifReader,
): FindingsSource {
  const prefix = findingsPrefix(request.repositoryName, request.commit);
  const location = `s3://${request.bucket}/${prefix}`;
  return {
    async load(): Promise<LoadedFindings> {
      const keys: string[] = [];
      const texts: string[] = [];
      try {
        let continuationToken: string | undefined;
        do {
          const page = await client.send(
            new ListObjectsV2Command({
              Bucket: request.bucket,
              Prefix: prefix,
              ...(continuationToken === undefined ? {} : { ContinuationToken: continuationToken }),
            }),
          );
          for (const object of page.Contents ?? []) {
            if (object.Key?.endsWith('.sarif') === true) keys.push(object.Key);
          }
          continuationToken = page.IsTruncated === true ? page.NextContinuationToken : undefined;
        } while (continuationToken !== undefined);
        keys.sort();
        for (const key of keys) {
          const object = await client.send(new GetObjectCommand({ Bucket: request.bucket, Key: key }));
          texts.push((await object.Body?.transformToString('utf-8')) ?? '');
        }
      } catch (error) {
        throw new DevsecopsError(
          'AWS',
          `Could not read the scan reports under ${location}: check the bucket name and that the bot's role ` +
            `allows s3:ListBucket on that prefix and s3:GetObject on its objects.`,
          { cause: error },
        );
      }
      const reports = keys.map((key, index) => readReport(readSarif, texts[index] ?? '', key));
      return {
        findings: reports.flatMap((report) => report.findings),
        sources: keys,
        location,
        notScanned: reports.flatMap((report) => report.notScanned),
      };
    },
  };
}

/** SARIF reports larger than this are refused rather than read. */
const MAX_SARIF_BYTES = 256 * 1024 * 1024;

/**
 * A report's text. In a folder (a checkout's `reports/`, which the repository could have shipped) a
 * report is read like any repository file: no link out of the folder, no FIFO, bounded; a refused
 * report is an error, never a silently smaller set of findings. A file named explicitly is the caller's own.
 */
async function readReportText(folder: string | undefined, file: string): Promise<string> {
  if (folder === undefined) return readFile(file, 'utf8');
  const read = await readRepositoryFile({
    root: folder,
    path: basename(file),
    maxBytes: MAX_SARIF_BYTES,
    treeName: `the reports folder ${folder}`,
  });
  if (!read.ok) throw read.error;
  return read.text;
}

/** Reads a SARIF file, or every `*.sarif` directly inside a folder (the pipeline's `reports/`). */
export function localFindingsSource(path: string, readSarif: SarifReader): FindingsSource {
  return {
    async load(): Promise<LoadedFindings> {
      let files: string[];
      let folder: string | undefined;
      try {
        const info = await stat(path);
        folder = info.isDirectory() ? path : undefined;
        files = info.isDirectory()
          ? (await readdir(path))
              .filter((name) => name.endsWith('.sarif'))
              .sort()
              .map((name) => join(path, name))
          : [path];
      } catch (error) {
        throw new DevsecopsError(
          'FILE_UNREADABLE',
          `Cannot read SARIF from ${path}: pass a .sarif file or the folder the pipeline wrote (reports/).`,
          { cause: error },
        );
      }
      const findings: Finding[] = [];
      const notScanned: NotScanned[] = [];
      for (const file of files) {
        const report = readReport(readSarif, await readReportText(folder, file), basename(file));
        findings.push(...report.findings);
        notScanned.push(...report.notScanned);
      }
      return { findings, sources: files, location: path, notScanned };
    },
  };
}
