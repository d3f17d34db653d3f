import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import type { S3Client } from '@aws-sdk/client-s3';
import { DevsecopsError } from '@devsecops/shared';
import type { Finding } from '@devsecops/shared';

/** Turns one SARIF document into fingerprinted findings. `sourceName` names the file in messages. */
export type SarifReader = (text: string, sourceName: string) => Finding[];

/** The findings of one commit and where they came from. */
export interface LoadedFindings {
  readonly findings: readonly Finding[];
  /** The SARIF files read (S3 keys or local paths), sorted. Empty: the pipeline has not uploaded yet. */
  readonly sources: readonly string[];
  /** Where the reports are, for the summary (`s3://bucket/repo/commit/` or a local folder). */
  readonly location: string;
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
      const findings = keys.flatMap((key, index) => readSarif(texts[index] ?? '', key));
      return { findings, sources: keys, location };
    },
  };
}

/** Reads a SARIF file, or every `*.sarif` directly inside a folder (the pipeline's `reports/`). */
export function localFindingsSource(path: string, readSarif: SarifReader): FindingsSource {
  return {
    async load(): Promise<LoadedFindings> {
      let files: string[];
      try {
        const info = await stat(path);
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
      for (const file of files) {
        findings.push(...readSarif(await readFile(file, 'utf8'), basename(file)));
      }
      return { findings, sources: files, location: path };
    },
  };
}
