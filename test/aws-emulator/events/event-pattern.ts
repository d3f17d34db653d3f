import { isJsonObject } from '@devsecops/shared/json';
// EventBridge event patterns, matched as EventBridge matches them, for the emulator's event bus. No npm package
// implements the pattern language (AWS ships it as the Java "event-ruler" library), so this is a small one that
// covers what the documentation ("Amazon EventBridge event patterns", "Content filtering") describes:
//
// - a pattern is a JSON object; each key must be present in the event (nested objects match nested fields);
// - a leaf is an array of alternatives: the event's value (or, when the event's value is an array, any element
//   of it) must equal one of them (strings, numbers, booleans, null) or satisfy one content filter among them;
// - content filters: {prefix}, {suffix}, {"equals-ignore-case"}, {wildcard} (`*` any run of characters),
//   {"anything-but": value | [values] | {prefix} | {suffix}}, {numeric: [op, n, …]}, {exists: true|false},
//   {cidr} is not supported;
// - `$or: [pattern, …]` at any level matches when one of the sub-patterns does.
// An unknown filter or a malformed pattern throws, as PutRule would refuse it: a test never silently matches
// nothing.

function invalid(message: string): never {
  throw new Error(`Invalid event pattern: ${message}`);
}

function wildcardMatches(pattern: string, text: string): boolean {
  const escaped = pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${escaped.join('.*')}$`, 's').test(text);
}

function numericMatches(operations: readonly unknown[], value: unknown): boolean {
  if (typeof value !== 'number') return false;
  if (operations.length === 0 || operations.length % 2 !== 0) invalid('numeric needs operator/number pairs');
  for (let index = 0; index < operations.length; index += 2) {
    const operator = operations[index];
    const bound = operations[index + 1];
    if (typeof bound !== 'number') invalid(`numeric ${String(operator)} needs a number`);
    const holds =
      operator === '='
        ? value === bound
        : operator === '<'
          ? value < bound
          : operator === '<='
            ? value <= bound
            : operator === '>'
              ? value > bound
              : operator === '>='
                ? value >= bound
                : invalid(`numeric operator ${JSON.stringify(operator)}`);
    if (!holds) return false;
  }
  return true;
}

function anythingButMatches(excluded: unknown, value: unknown): boolean {
  if (value === undefined) return false;
  if (Array.isArray(excluded)) return !excluded.some((item) => item === value);
  if (isJsonObject(excluded)) {
    if (typeof excluded['prefix'] === 'string')
      return typeof value === 'string' && !value.startsWith(excluded['prefix']);
    if (typeof excluded['suffix'] === 'string') return typeof value === 'string' && !value.endsWith(excluded['suffix']);
    invalid(`anything-but ${JSON.stringify(excluded)}`);
  }
  return value !== excluded;
}

/** One alternative of a leaf against one value of the event (`undefined` when the field is absent). */
function alternativeMatches(alternative: unknown, value: unknown): boolean {
  if (!isJsonObject(alternative)) return value !== undefined && alternative === value;
  const keys = Object.keys(alternative);
  if (keys.length !== 1) invalid(`a content filter has one key: ${JSON.stringify(alternative)}`);
  const [filter] = keys;
  const argument = alternative[filter ?? ''];
  switch (filter) {
    case 'prefix':
      if (typeof argument !== 'string') invalid('prefix needs a string');
      return typeof value === 'string' && value.startsWith(argument);
    case 'suffix':
      if (typeof argument !== 'string') invalid('suffix needs a string');
      return typeof value === 'string' && value.endsWith(argument);
    case 'equals-ignore-case':
      if (typeof argument !== 'string') invalid('equals-ignore-case needs a string');
      return typeof value === 'string' && value.toLowerCase() === argument.toLowerCase();
    case 'wildcard':
      if (typeof argument !== 'string') invalid('wildcard needs a string');
      return typeof value === 'string' && wildcardMatches(argument, value);
    case 'anything-but':
      return anythingButMatches(argument, value);
    case 'numeric':
      if (!Array.isArray(argument)) invalid('numeric needs a list');
      return numericMatches(argument, value);
    case 'exists':
      if (typeof argument !== 'boolean') invalid('exists needs true or false');
      return argument === (value !== undefined);
    default:
      return invalid(`unsupported content filter ${JSON.stringify(filter)}`);
  }
}

function leafMatches(alternatives: readonly unknown[], value: unknown): boolean {
  if (alternatives.length === 0) invalid('an empty list of values matches nothing');
  const values: readonly unknown[] = Array.isArray(value) ? value : [value];
  // `exists: false` and `anything-but` judge the field as a whole: absent, or no element excluded.
  return alternatives.some((alternative) =>
    isJsonObject(alternative) && ('exists' in alternative || 'anything-but' in alternative) && !Array.isArray(value)
      ? alternativeMatches(alternative, value)
      : values.some((item) => alternativeMatches(alternative, item)),
  );
}

function objectMatches(pattern: Readonly<Record<string, unknown>>, event: unknown): boolean {
  for (const [key, expected] of Object.entries(pattern)) {
    if (key === '$or') {
      if (!Array.isArray(expected) || expected.length < 2) invalid('$or needs a list of at least two patterns');
      if (!expected.some((branch) => isJsonObject(branch) && objectMatches(branch, event))) return false;
      continue;
    }
    const value = isJsonObject(event) ? event[key] : undefined;
    if (Array.isArray(expected)) {
      if (!leafMatches(expected, value)) return false;
    } else if (isJsonObject(expected)) {
      if (!objectMatches(expected, value)) return false;
    } else {
      invalid(`the value of ${JSON.stringify(key)} must be a list or an object`);
    }
  }
  return true;
}

/** True when the EventBridge `pattern` matches `event`; throws on a pattern EventBridge would refuse. */
export function matchesEventPattern(pattern: unknown, event: object): boolean {
  if (!isJsonObject(pattern) || Object.keys(pattern).length === 0) invalid('a pattern is a non-empty JSON object');
  return objectMatches(pattern, event);
}
