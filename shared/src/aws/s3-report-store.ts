import { GetObjectCommand, paginateListObjectsV2 } from '@aws-sdk/client-s3';
import type { S3Client } from '@aws-sdk/client-s3';
import type { ReportObjectStore } from '../sarif/stored-reports';

/** The findings bucket through the S3 API: every page of the listing, each object read as UTF-8. */
export function s3ReportStore(client: S3Client, bucket: string): ReportObjectStore {
  return {
    async *listKeys(prefix: string): AsyncIterable<string> {
      for await (const page of paginateListObjectsV2({ client }, { Bucket: bucket, Prefix: prefix })) {
        for (const object of page.Contents ?? []) if (object.Key !== undefined) yield object.Key;
      }
    },
    async readText(key: string): Promise<string> {
      const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      return (await object.Body?.transformToString('utf-8')) ?? '';
    },
  };
}
