// `npm run aws-emulator -- [--port N] [--s3-port N] [--region R] [--bucket NAME]... [--verbose]`:
// the AWS emulator in the foreground, for tests run by hand and for trying the product without an account.
import { parseArgs } from 'node:util';
import { EMULATOR_ACCESS_KEY_ID, EMULATOR_SECRET_ACCESS_KEY, startAwsEmulator } from './emulator';

const USAGE = `Usage: npm run aws-emulator -- [--port N] [--s3-port N] [--region R] [--bucket NAME]... [--verbose]
Local CodeCommit/CodeBuild/CodePipeline (AWS JSON 1.1) and S3 endpoints for tests. Port 0 picks a free port.`;

function port(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0 || parsed > 65535)
    throw new Error(`--${name} must be a port 0-65535.\n${USAGE}`);
  return parsed;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      's3-port': { type: 'string' },
      region: { type: 'string', default: 'us-east-1' },
      bucket: { type: 'string', multiple: true, default: ['devsecops-findings'] },
      verbose: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const options = {
    port: port('port', values.port, 4566),
    s3Port: port('s3-port', values['s3-port'], 0),
    region: values.region,
    bucket: values.bucket,
    verbose: values.verbose,
  };
  const emulator = await startAwsEmulator({
    port: options.port,
    s3Port: options.s3Port,
    region: options.region,
    buckets: options.bucket,
    ...(options.verbose ? { onBuildLog: (id: string, line: string) => console.log(`[${id}] ${line}`) } : {}),
  });
  console.log(`AWS emulator listening (Ctrl-C stops it):
  CodeCommit, CodeBuild, CodePipeline: ${emulator.endpoint}
  S3 (path-style):                     ${emulator.s3Endpoint}
  Buckets: ${options.bucket.join(', ')}
  Admin: GET ${emulator.endpoint}/__emulator/calls, PUT ${emulator.endpoint}/__emulator/faults

Environment for the SDK and the devsecops CLI:
  export AWS_ACCESS_KEY_ID=${EMULATOR_ACCESS_KEY_ID} AWS_SECRET_ACCESS_KEY=${EMULATOR_SECRET_ACCESS_KEY} AWS_REGION=${options.region}
  export AWS_ENDPOINT_URL=${emulator.endpoint} AWS_ENDPOINT_URL_S3=${emulator.s3Endpoint}
  (AWS_ENDPOINT_URL covers CodeCommit, CodeBuild, CodePipeline and STS; the SDK's standard variables, read by
  the devsecops CLI, pipeline run --remote, the PR bot's Lambda and CLI, and the AWS CLI v2)

AWS CLI v2 (with the variables above, or --endpoint-url per call):
  /usr/bin/aws codecommit create-repository --repository-name demo
  /usr/bin/aws s3 ls s3://${options.bucket[0] ?? 'devsecops-findings'}   (needs: aws configure set default.s3.addressing_style path)`);
  const stop = (): void => {
    void emulator.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(2);
});
