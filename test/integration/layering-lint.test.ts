import { deepStrictEqual } from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { ESLint } from 'eslint';

const ROOT = join(__dirname, '..', '..');
const SHARED_SRC = join(ROOT, 'shared', 'src');
const SDK_IMPORT = "import { S3Client } from '@aws-sdk/client-s3';\nexport const client = S3Client;\n";

async function restrictedImportMessages(code: string, file: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: ROOT });
  const [result] = await eslint.lintText(code, { filePath: join(ROOT, file) });
  return (result?.messages ?? [])
    .filter((message) => message.ruleId === 'no-restricted-imports')
    .map((message) => message.message);
}

function typeScriptFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return typeScriptFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** The lint rules that keep shared/'s layers apart, run as ESLint runs them. */
describe('layering lint rules', () => {
  it('refuse the AWS SDK in shared/src outside aws/', async () => {
    for (const file of [
      'shared/src/sarif/stored-reports.ts',
      'shared/src/findings/finding-order.ts',
      'shared/src/sarif.ts',
    ]) {
      const messages = await restrictedImportMessages(SDK_IMPORT, file);
      deepStrictEqual(messages.length, 1, `${file}: ${messages.join('; ')}`);
    }
  });

  it('allow the AWS SDK under shared/src/aws/', async () => {
    deepStrictEqual(await restrictedImportMessages(SDK_IMPORT, 'shared/src/aws/s3-report-store.ts'), []);
  });

  it('still refuse vscode in shared/src, beside the AWS rule', async () => {
    const messages = await restrictedImportMessages(
      "import * as vscode from 'vscode';\nexport const v = vscode;\n",
      'shared/src/sarif/stored-reports.ts',
    );
    deepStrictEqual(messages.length, 1, messages.join('; '));
  });

  it('no file of shared/src outside aws/ imports the AWS SDK', () => {
    const offenders = typeScriptFiles(SHARED_SRC)
      .filter((file) => !relative(SHARED_SRC, file).startsWith(`aws${sep}`))
      .filter((file) => /from\s+['"]@aws-sdk\//.test(readFileSync(file, 'utf8')))
      .map((file) => relative(ROOT, file));
    deepStrictEqual(offenders, []);
  });
});

/** Every TypeScript file of the packages' sources, relative to the repository root. */
function sourceFiles(): string[] {
  return ['shared/src', 'bot/src', 'extension/src'].flatMap((folder) =>
    typeScriptFiles(join(ROOT, folder)).map((file) => relative(ROOT, file).split(sep).join('/')),
  );
}

describe('the reports layout has one home', () => {
  it('no source outside sarif/report-layout.ts tests for, cuts off or appends the .sarif extension by hand', () => {
    const handWritten = /endsWith\(\s*['"`]\.sarif['"`]\s*\)|['"`]\.sarif['"`]\.length|\}\.sarif`/;
    const offenders = sourceFiles()
      .filter((file) => file !== 'shared/src/sarif/report-layout.ts')
      .filter((file) => handWritten.test(readFileSync(join(ROOT, file), 'utf8')));
    deepStrictEqual(offenders, []);
  });
});
