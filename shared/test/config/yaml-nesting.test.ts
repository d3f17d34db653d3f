import { deepStrictEqual, strictEqual, throws } from 'node:assert/strict';
import { MAX_YAML_NESTING, yamlNestingProblem } from '../../src/config/yaml-nesting';
import { isDevsecopsError } from '../../src/errors/devsecops-error';
import { parseConfig } from '../../src/config/parse-config';

/** `depth` flow lists inside each other. */
function brackets(depth: number): string {
  return `${'['.repeat(depth)}${']'.repeat(depth)}`;
}

/** `depth` block lists inside each other, one per line. */
function blockLists(depth: number): string {
  return Array.from({ length: depth }, (_, level) => `${' '.repeat(level)}- `).join('\n');
}

describe('YAML nesting limit', () => {
  it('accepts files up to the limit, whatever the collection style', () => {
    strictEqual(yamlNestingProblem(brackets(MAX_YAML_NESTING)), undefined);
    strictEqual(yamlNestingProblem(blockLists(MAX_YAML_NESTING)), undefined);
    strictEqual(yamlNestingProblem('a:\n  b: [1, {c: d}]\n? [k]\n: v\n'), undefined);
    strictEqual(yamlNestingProblem('not: [valid'), undefined);
  });

  it('finds the first collection past the limit, in flow, block and compact styles and in keys', () => {
    deepStrictEqual(yamlNestingProblem(`x: 1\ny: ${brackets(MAX_YAML_NESTING + 1)}`), {
      offset: 8 + MAX_YAML_NESTING - 1,
      line: 2,
      message: `lists and mappings nest more than ${String(MAX_YAML_NESTING)} levels deep here; flatten the file.`,
    });
    strictEqual(yamlNestingProblem(blockLists(MAX_YAML_NESTING + 1))?.line, MAX_YAML_NESTING + 1);
    strictEqual(yamlNestingProblem(`${'- '.repeat(MAX_YAML_NESTING + 1)}x`)?.line, 1);
    strictEqual(yamlNestingProblem(`? ${brackets(MAX_YAML_NESTING)}\n: v`)?.line, 1);
    strictEqual(yamlNestingProblem(`---\na: 1\n---\n${brackets(100_000)}`)?.line, 4);
  });

  it('parseConfig refuses a deeply nested file with CONFIG_INVALID, twice in a row (the second one used to kill Node)', () => {
    const cases: [string, number][] = [
      [blockLists(1200), MAX_YAML_NESTING + 1],
      [blockLists(1200), MAX_YAML_NESTING + 1],
      [brackets(20_000), 1],
      [brackets(20_000), 1],
    ];
    for (const [text, line] of cases) {
      throws(
        () => parseConfig(text, '.devsecops.yml'),
        (error: unknown) =>
          isDevsecopsError(error) &&
          error.code === 'CONFIG_INVALID' &&
          error.message ===
            `.devsecops.yml is not valid:\n.devsecops.yml:${String(line)}: lists and mappings nest more than 64 levels deep here; flatten the file.`,
      );
    }
  });
});
