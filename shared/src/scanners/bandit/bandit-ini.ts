/**
 * A project's `.bandit` file, read the way Bandit reads it (`utils.parse_ini_file`: Python's `configparser`
 * with its defaults, then `items('bandit')`), so that we can apply it ourselves instead of handing the file
 * to Bandit with `--ini`. Newer Bandit releases take far more from it than the file set and the tests
 * (`output`, `baseline`, `configfile`, `format`…): a repository could make Bandit write or read any file.
 * We use exactly three keys: `exclude` (the file set), `skips` and `tests`.
 *
 * configparser semantics kept: `key = value` or `key: value` (the first delimiter splits), keys lower-cased,
 * full-line `#`/`;` comments, indented continuation lines, `[DEFAULT]` values visible in every section,
 * `%%` and `%(name)s` interpolation, and any error (a duplicate key or section, a line that is not an
 * option, a bad interpolation, no `[bandit]` section) making Bandit ignore the whole file.
 */

/** The `[bandit]` section's values (defaults included), or why Bandit would ignore the file. */
export type BanditIniResult =
  | { readonly ok: true; readonly options: ReadonlyMap<string, string> }
  | { readonly ok: false; readonly reason: string };

/** configparser's limit on nested `%(name)s` references. */
const MAX_INTERPOLATION_DEPTH = 10;
const DEFAULT_SECTION = 'DEFAULT';

interface Section {
  readonly values: Map<string, string[]>;
}

function fail(reason: string): BanditIniResult {
  return { ok: false, reason };
}

/**
 * Python's whitespace (`str.isspace`, and `\s` in its regular expressions), which configparser strips and
 * measures indents by. JavaScript's differs: its `trim()` and `\s` also take U+FEFF, so a `.bandit` saved
 * with a byte order mark would lose it (configparser keeps it, finds no section header and ignores the
 * file), and they leave U+001C–U+001F and U+0085, which Python counts as whitespace.
 */
const PYTHON_SPACE =
  '\\t\\n\\v\\f\\r\\u001c-\\u001f \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const LEADING_SPACE = new RegExp(`^[${PYTHON_SPACE}]+`);
const TRAILING_SPACE = new RegExp(`[${PYTHON_SPACE}]+$`);
/** configparser's option line (`OPTCRE`), with Python's `\s`. */
const OPTION_LINE = new RegExp(`^(.*?)[${PYTHON_SPACE}]*([=:])[${PYTHON_SPACE}]*(.*)$`, 's');

function pythonLstrip(text: string): string {
  return text.replace(LEADING_SPACE, '');
}

function pythonRstrip(text: string): string {
  return text.replace(TRAILING_SPACE, '');
}

function pythonStrip(text: string): string {
  return pythonRstrip(pythonLstrip(text));
}

/** Parses `.bandit` text; never throws. */
export function parseBanditIni(text: string): BanditIniResult {
  const sections = new Map<string, Section>();
  const defaults: Section = { values: new Map() };
  const seenSections = new Set<string>();
  let current: Section | undefined;
  let optionName: string | undefined;
  let indentLevel = 0;
  let firstError: string | undefined;

  const lines = text.split(/\r\n|\n|\r/);
  // A final newline does not make an extra (empty) line, as with Python's line iteration.
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  for (const [index, line] of lines.entries()) {
    const lineNumber = index + 1;
    const stripped = pythonStrip(line);
    const isComment = stripped.startsWith('#') || stripped.startsWith(';');
    const value = isComment ? '' : stripped;
    if (value === '') {
      // An empty line inside a value is part of it (configparser's empty_lines_in_values); a comment is not.
      if (!isComment && current !== undefined && optionName !== undefined) {
        current.values.get(optionName)?.push('');
      }
      continue;
    }
    const indent = line.length - pythonLstrip(line).length;
    if (current !== undefined && optionName !== undefined && indent > indentLevel) {
      current.values.get(optionName)?.push(value);
      continue;
    }
    indentLevel = indent;
    const header = /^\[(.+)\]/s.exec(value);
    if (header) {
      const name = header[1] ?? '';
      if (name === DEFAULT_SECTION) {
        current = defaults;
      } else {
        if (seenSections.has(name)) return fail(`line ${String(lineNumber)}: section [${name}] appears twice`);
        seenSections.add(name);
        current = { values: new Map() };
        sections.set(name, current);
      }
      optionName = undefined;
      continue;
    }
    if (current === undefined) return fail(`line ${String(lineNumber)}: an option before any [section] header`);
    const option = OPTION_LINE.exec(value);
    if (!option || (option[1] ?? '') === '') {
      firstError ??= `line ${String(lineNumber)}: "${value.slice(0, 60)}" is not a "key = value" line`;
      optionName = undefined;
      continue;
    }
    const name = pythonRstrip(option[1] ?? '').toLowerCase();
    if (current.values.has(name)) return fail(`line ${String(lineNumber)}: option ${name} appears twice`);
    current.values.set(name, [pythonStrip(option[3] ?? '')]);
    optionName = name;
  }
  if (firstError !== undefined) return fail(firstError);
  const bandit = sections.get('bandit');
  if (bandit === undefined) return fail('it has no [bandit] section');

  const raw = new Map<string, string>();
  for (const source of [defaults, bandit]) {
    for (const [name, parts] of source.values) raw.set(name, pythonRstrip(parts.join('\n')));
  }
  const options = new Map<string, string>();
  for (const [name, rawValue] of raw) {
    const interpolated = interpolate(rawValue, raw, 1);
    if (!interpolated.ok) return fail(`option ${name}: ${interpolated.reason}`);
    options.set(name, interpolated.value);
  }
  return { ok: true, options };
}

type Interpolated = { ok: true; value: string } | { ok: false; reason: string };

/** configparser's BasicInterpolation: `%%` is a percent sign, `%(name)s` another option's value. */
function interpolate(value: string, raw: ReadonlyMap<string, string>, depth: number): Interpolated {
  if (depth > MAX_INTERPOLATION_DEPTH) return { ok: false, reason: 'interpolation nested too deeply' };
  let result = '';
  let rest = value;
  while (rest !== '') {
    const percent = rest.indexOf('%');
    if (percent < 0) return { ok: true, value: result + rest };
    result += rest.slice(0, percent);
    rest = rest.slice(percent);
    const next = rest.charAt(1);
    if (next === '%') {
      result += '%';
      rest = rest.slice(2);
    } else if (next === '(') {
      const reference = /^%\(([^)]+)\)s/.exec(rest);
      if (!reference) return { ok: false, reason: `bad interpolation syntax in "${value.slice(0, 60)}"` };
      const name = (reference[1] ?? '').toLowerCase();
      rest = rest.slice(reference[0].length);
      const referenced = raw.get(name);
      if (referenced === undefined) return { ok: false, reason: `it refers to %(${name})s, which is not set` };
      if (referenced.includes('%')) {
        const nested = interpolate(referenced, raw, depth + 1);
        if (!nested.ok) return nested;
        result += nested.value;
      } else {
        result += referenced;
      }
    } else {
      return { ok: false, reason: `"%" must be followed by "%" or "(" in "${value.slice(0, 60)}"` };
    }
  }
  return { ok: true, value: result };
}
