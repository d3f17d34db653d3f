/**
 * A YAML document whose anchors each repeat the previous one nine times: 9^5 values once expanded, more than
 * the YAML readers let aliases expand to. `firstLine` makes the rest look like the file it stands for
 * (`version: 0.2` for a buildspec, `version: 1` for a pipeline definition).
 */
export function yamlAliasBomb(firstLine: string): string {
  return [
    firstLine,
    'a: &a [x, x, x, x, x, x, x, x, x]',
    'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]',
    'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]',
    'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]',
    'e: [*d, *d, *d, *d, *d, *d, *d, *d, *d]',
  ].join('\n');
}
