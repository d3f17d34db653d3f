import type { AddressInfo } from 'node:net';
import S3rver from 's3rver';
import { DUMMY_ACCOUNT } from 's3rver/lib/models/account';

/** An S3-compatible server (s3rver) on loopback, path-style addressing. */
export interface S3Server {
  /** `http://127.0.0.1:<port>`; clients need `forcePathStyle: true`. */
  readonly endpoint: string;
  readonly port: number;
  close(): Promise<void>;
}

/**
 * Starts s3rver. It checks only that the access key is one it knows (it does not
 * verify SigV4 signatures), so the emulator's access keys are registered with it.
 */
export async function startS3Server(options: {
  directory: string;
  port?: number;
  buckets?: readonly string[];
  accessKeyIds: readonly string[];
}): Promise<S3Server> {
  for (const accessKeyId of options.accessKeyIds) DUMMY_ACCOUNT.createKeyPair(accessKeyId, accessKeyId);
  const server = new S3rver({
    address: '127.0.0.1',
    port: options.port ?? 0,
    silent: true,
    directory: options.directory,
    vhostBuckets: false,
    configureBuckets: (options.buckets ?? []).map((name) => ({ name })),
  });
  const address: AddressInfo = await server.run();
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    port: address.port,
    close: () => server.close(),
  };
}
