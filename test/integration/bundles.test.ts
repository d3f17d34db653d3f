import { deepStrictEqual, ok } from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import picomatch from 'picomatch';

const ROOT = join(__dirname, '..', '..');
const AWS_SDK = 'node_modules/@aws-sdk/';

function bundle(path: string): string {
  const file = join(ROOT, path);
  ok(existsSync(file), `${path} is missing: npm test builds before the suites (npm run build)`);
  return readFileSync(file, 'utf8');
}

/** What the bundles hold, as the builds leave them (npm test builds before the suites run). */
describe('the bundles', () => {
  it('the CLI starts without the AWS SDK, in shared and in the extension alike: only its --remote part holds it', () => {
    for (const folder of ['shared/dist', 'extension/dist']) {
      for (const start of ['cli.js', 'cli-main.js']) {
        ok(!bundle(`${folder}/${start}`).includes(AWS_SDK), `${folder}/${start} bundles the AWS SDK`);
      }
      ok(bundle(`${folder}/remote-pipeline.js`).includes(AWS_SDK), `${folder}/remote-pipeline.js holds the AWS part`);
    }
  });

  it('the extension ships the AWS SDK once, in the bundle its CLI and its AWS mode both load', () => {
    const dist = join(ROOT, 'extension', 'dist');
    const withSdk = readdirSync(dist)
      .filter((name) => name.endsWith('.js'))
      .filter((name) => bundle(`extension/dist/${name}`).includes(AWS_SDK));
    deepStrictEqual(withSdk, ['remote-pipeline.js']);
    // What each side takes from it: the CLI's `pipeline run --remote` (shared's remote-pipeline module, all
    // of it) and the editor's AWS mode (aws-pipeline.ts).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const shipped = require(join(dist, 'remote-pipeline.js')) as Record<string, unknown>;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const cliPart = require(join(ROOT, 'shared', 'dist', 'remote-pipeline.js')) as Record<string, unknown>;
    for (const name of Object.keys(cliPart)) deepStrictEqual(typeof shipped[name], typeof cliPart[name], name);
    deepStrictEqual(typeof shipped['runRemotePipeline'], 'function');
    deepStrictEqual(typeof shipped['accountOfTarget'], 'function');
    deepStrictEqual(typeof (shipped['AwsPipelineClient'] as { fromSettings?: unknown }).fromSettings, 'function');
  });

  it("the bot's Lambda holds none of the scanning engines it never runs", () => {
    const meta = JSON.parse(bundle('bot/dist/lambda.meta.json')) as {
      outputs: Record<string, { inputs: Record<string, { bytesInOutput: number }> }>;
    };
    // Files esbuild read but shook out entirely (0 bytes in the output) are not in the function.
    const inputs = Object.values(meta.outputs).flatMap((output) =>
      Object.entries(output.inputs)
        .filter(([, input]) => input.bytesInOutput > 0)
        .map(([path]) => path),
    );
    ok(
      inputs.some((input) => input.includes('src/lambda.ts')),
      'the metafile is the Lambda build',
    );
    deepStrictEqual(
      inputs.filter((input) =>
        [
          'node_modules/ae-cvss-calculator/',
          'node_modules/dockerfile-ast/',
          'node_modules/@renovatebot/pep440/',
          'node_modules/smol-toml/',
          'shared/src/scanners/builtin-',
          'shared/src/scanners/bandit/',
          'shared/src/pipeline/',
        ].some((part) => input.includes(part)),
      ),
      [],
    );
  });

  it("the bot's Lambda stays within 1,000,000 bytes minified (each cold start loads all of it)", () => {
    const size = statSync(join(ROOT, 'bot', 'dist', 'lambda.js')).size;
    ok(size <= 1_000_000, `bot/dist/lambda.js is ${size} bytes`);
  });

  it('the extension package ships every file its bundles load at run time', () => {
    const ignore = readFileSync(join(ROOT, 'extension', '.vscodeignore'), 'utf8')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '' && !line.startsWith('#'));
    const shipped = (path: string): boolean => {
      let included = true;
      for (const rule of ignore) {
        const negated = rule.startsWith('!');
        if (picomatch(negated ? rule.slice(1) : rule, { dot: true })(path)) included = negated;
      }
      return included;
    };
    const dist = join(ROOT, 'extension', 'dist');
    const runtime = readdirSync(dist).filter((name) => name.endsWith('.js'));
    deepStrictEqual(
      runtime.filter((name) => !shipped(`dist/${name}`)),
      [],
      'bundles the .vsix would leave out',
    );
    for (const path of ['dist/schemas/devsecops-config.schema.json', 'dist/pipeline/pipeline.yml']) {
      ok(shipped(path), `${path} is left out of the .vsix`);
    }
  });
});
