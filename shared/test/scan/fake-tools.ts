import { DEFAULT_CONFIG } from '../../src/config/config';
import type { DevsecopsConfig, ExecutionTool, ToolsConfig } from '../../src/config/config';
import { NO_EXECUTION_SETTINGS } from '../../src/config/execution-settings';
import type { ExecutionSettings } from '../../src/config/execution-settings';
import { runProcess } from '../../src/process/process-runner';
import { perTest } from '../per-test';
import type { ScanContext, Scanner, ScannerOutcome, ToolRun } from '../../src/scanners/scanner';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** A temporary folder of fake executables, to put first on PATH. */
export interface FakeToolDir {
  readonly dir: string;
  /** Writes an executable `/bin/sh` script named `name`; returns its path. */
  add(name: string, script: string): string;
  /** PATH with the fake folder first, then the system folders (so `sh`, `cat` work). */
  readonly path: string;
  remove(): void;
}

export function createFakeToolDir(): FakeToolDir {
  const dir = mkdtempSync(join(tmpdir(), 'devsecops-fake-tools-'));
  return {
    dir,
    path: `${dir}:/usr/bin:/bin`,
    add(name, script) {
      const file = join(dir, name);
      writeFileSync(file, `#!/bin/sh\n${script}\n`);
      chmodSync(file, 0o755);
      return file;
    },
    remove() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A temporary project folder with the given files (POSIX relative paths → text). */
export function createProject(files: Readonly<Record<string, string>>): { root: string; remove(): void } {
  const root = mkdtempSync(join(tmpdir(), 'devsecops-project-'));
  for (const [path, text] of Object.entries(files)) {
    const file = join(root, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  return { root, remove: () => rmSync(root, { recursive: true, force: true }) };
}

/** The one tool run of a scanner outcome (fails the test when there is not exactly one). */
export function onlyToolRun(outcome: ScannerOutcome): ToolRun {
  const [run, ...rest] = outcome.tools;
  if (run === undefined || rest.length > 0) throw new Error(`expected one tool run, got ${outcome.tools.length}`);
  return run;
}

/** The default config with one external tool's settings (enabled `auto` unless given). */
export function configWithTool<T extends 'bandit' | 'hadolint' | 'dependencyCheck'>(
  tool: T,
  settings: Partial<ToolsConfig[T]>,
): DevsecopsConfig {
  const tools: ToolsConfig = { ...DEFAULT_CONFIG.tools, [tool]: { enabled: 'auto', ...settings } };
  return { ...DEFAULT_CONFIG, tools };
}

/** The user's execution settings with one external tool's set (as a flag or their config file would). */
export function executionWith<T extends ExecutionTool>(tool: T, settings: ExecutionSettings[T]): ExecutionSettings {
  return { ...NO_EXECUTION_SETTINGS, [tool]: settings };
}

/**
 * Runs one scanner over `root` as a scan would: the default policy and the real process runner, unless
 * `context` replaces them (the user's execution settings, environment, buffers, …).
 */
export function scanProject(
  scanner: Scanner,
  root: string,
  context: Partial<ScanContext> = {},
): Promise<ScannerOutcome> {
  return scanner.scan({ root, config: DEFAULT_CONFIG, runProcess, ...context });
}

/** What `useFakeToolProject` sets up before each test. */
export interface FakeToolProject {
  readonly fakes: FakeToolDir;
  readonly project: { readonly root: string; remove(): void };
  /** Where the fake tool writes the arguments it was given, one a line. */
  readonly argsFile: string;
}

/**
 * Per test (mocha hooks): a fake `command` on a fresh PATH folder (its script, built by `script(argsFile)`,
 * records its arguments) and a fresh project with `files`; both removed after the test.
 */
export function useFakeToolProject(
  command: string,
  script: (argsFile: string) => string,
  files: Readonly<Record<string, string>>,
): () => FakeToolProject {
  return perTest(
    () => {
      const fakes = createFakeToolDir();
      const argsFile = join(fakes.dir, 'args');
      fakes.add(command, script(argsFile));
      return { fakes, project: createProject(files), argsFile };
    },
    ({ fakes, project }) => {
      fakes.remove();
      project.remove();
    },
  );
}
