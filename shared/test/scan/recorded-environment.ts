import { readFileSync } from 'node:fs';

/** Variables `/bin/sh` sets by itself, so a fake tool's `env` lists them whatever environment it was given. */
const SET_BY_THE_SHELL: readonly string[] = ['PWD', 'SHLVL', '_', 'OLDPWD'];

/**
 * The names, sorted, of the variables a fake tool saw, read from the file its `env > file` wrote; those the
 * shell sets by itself are left out.
 */
export function recordedVariableNames(envFile: string): string[] {
  return readFileSync(envFile, 'utf8')
    .trim()
    .split('\n')
    .map((line) => line.slice(0, line.indexOf('=')))
    .filter((name) => !SET_BY_THE_SHELL.includes(name))
    .sort();
}
