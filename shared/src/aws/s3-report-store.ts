import { GetObjectCommand, paginateListObjectsV2 } from '@aws-sdk/client-s3';
import type { S3Client } from '@aws-sdk/client-s3';
import type { ListedObject, ReportObjectStore } from '../sarif/stored-reports';

/**
 * Reads a body to its end, or stops once it holds more than `maxBytes` (undefined then). Leaving the loop early
 * destroys the stream, which closes the connection: the rest of the object is never downloaded.
 */
async function readBounded(body: AsyncIterable<Uint8Array>, maxBytes: number): Promise<Buffer | undefined> {
  const chunks: Uint8Array[] = [];
  let length = 0;
  for await (const chunk of body) {
    length += chunk.byteLength;
    if (length > maxBytes) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, length);
}

function isAsyncIterable(value: unknown): value is AsyncIterable<Uint8Array> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}

/** The findings bucket through the S3 API: every page of the listing, each object read as UTF-8 up to a limit. */
export function s3ReportStore(client: S3Client, bucket: string): ReportObjectStore {
  return {
    async *listObjects(prefix: string): AsyncIterable<ListedObject> {
      for await (const page of paginateListObjectsV2({ client }, { Bucket: bucket, Prefix: prefix })) {
        for (const object of page.Contents ?? []) {
          if (object.Key !== undefined) yield { key: object.Key, size: object.Size ?? 0 };
        }
      }
    },
    async readText(key: string, maxBytes: number): Promise<string | undefined> {
      const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      const body = object.Body;
      if (body === undefined) return '';
      // In Node the SDK's body is a stream; anything else is read whole, then measured.
      if (!isAsyncIterable(body)) {
        const bytes = await body.transformToByteArray();
        return bytes.byteLength > maxBytes ? undefined : Buffer.from(bytes).toString('utf8');
      }
      const bytes = await readBounded(body, maxBytes);
      return bytes?.toString('utf8');
    },
  };
}
