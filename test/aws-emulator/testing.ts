import type { AwsClientSettings } from '@devsecops/shared/src/aws/client-factory';
import type { AwsEmulator } from './emulator';
import { EMULATOR_ACCESS_KEY_ID, EMULATOR_SECRET_ACCESS_KEY } from './emulator';

/**
 * Client settings that point the product's client factory at a running emulator.
 * `accessKeyId` picks who the caller is (the emulator derives the caller ARN from it).
 */
export function emulatorSettings(
  emulator: AwsEmulator,
  overrides: Partial<AwsClientSettings> & { accessKeyId?: string } = {},
): AwsClientSettings {
  const { accessKeyId = EMULATOR_ACCESS_KEY_ID, ...rest } = overrides;
  return {
    region: emulator.region,
    endpoint: emulator.endpoint,
    credentials: { accessKeyId, secretAccessKey: EMULATOR_SECRET_ACCESS_KEY },
    ...rest,
  };
}

/** The same, for S3. */
export function emulatorS3Settings(emulator: AwsEmulator): AwsClientSettings {
  return { ...emulatorSettings(emulator), endpoint: emulator.s3Endpoint };
}

/** The ARN the emulator gives a caller with this access key. */
export function callerArn(accessKeyId: string = EMULATOR_ACCESS_KEY_ID): string {
  return `arn:aws:iam::123456789012:user/${accessKeyId}`;
}

/** Runs `call`, expecting it to throw; returns the error's `name` (what the SDK mapped `__type` to). */
export async function errorName(call: () => Promise<unknown>): Promise<string> {
  try {
    await call();
  } catch (error) {
    return error instanceof Error ? error.name : String(error);
  }
  throw new Error('Expected the call to fail, but it succeeded.');
}
