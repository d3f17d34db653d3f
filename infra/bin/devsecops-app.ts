import { DevsecopsError, isDevsecopsError } from '@devsecops/shared/errors';
import { createDevsecopsApp } from '../src/devsecops-app';

/**
 * The CDK app (`cdk synth` / `cdk deploy` run it, see cdk.json). Offline: no lookups, no Docker; it reads
 * this checkout (pipeline/, the built shared/dist and bot/dist) and writes the template to cdk.out/.
 */
async function main(): Promise<void> {
  const { app } = await createDevsecopsApp();
  app.synth();
}

main().catch((error: unknown) => {
  const shown = isDevsecopsError(error) ? error : new DevsecopsError('INTERNAL', String(error), { cause: error });
  console.error(`devsecops infra: ${shown.message}`);
  if (!isDevsecopsError(error)) console.error(error);
  process.exitCode = 1;
});
