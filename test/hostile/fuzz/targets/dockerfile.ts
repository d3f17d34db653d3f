// The built-in Dockerfile engine's inputs, all from the repository: Dockerfiles (parser, every
// rule, the RUN tokenizer), `.hadolint.yaml`, and inline `# hadolint` pragmas.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import {
  parseDockerfile,
  parseImageReference,
} from '../../../../shared/src/scanners/builtin-dockerfile/dockerfile-model';
import type {
  BuildStage,
  DockerComment,
  DockerInstruction,
  ParsedDockerfile,
} from '../../../../shared/src/scanners/builtin-dockerfile/dockerfile-model';
import { lintDockerfile } from '@devsecops/shared/engines';
import {
  DEFAULT_HADOLINT_CONFIG,
  parseHadolintConfig,
} from '../../../../shared/src/scanners/builtin-dockerfile/hadolint-config';
import type { HadolintConfig, LabelType } from '../../../../shared/src/scanners/builtin-dockerfile/hadolint-config';
import { isIgnoredByPragma, readPragmas } from '../../../../shared/src/scanners/builtin-dockerfile/pragmas';
import { parseShell } from '../../../../shared/src/scanners/builtin-dockerfile/shell/parse-shell';
import {
  assertPosition,
  shown,
  assertThat,
  assertWellFormedDraft,
  neverThrows,
  physicalLineCount,
  returnsOrThrows,
} from '../harness/expectations';
import { fuzzTarget, textGrowth, textGrowths } from '../harness/fuzz-target';
import type { FuzzTarget } from '../harness/fuzz-target';
import { builtDockerfile, shellScript } from '../generators/dockerfile-text';
import { hostileString, hostileWord, mutatedText, PROTOTYPE_WORDS } from '../generators/hostile-text';
import { orAnything, yamlText } from '../generators/yaml-text';

const REPOSITORY = join(__dirname, '..', '..', '..', '..');

/** hadolint's own spec cases and the sample app's Dockerfile. */
function dockerfileCorpus(): string[] {
  const cases = JSON.parse(
    readFileSync(join(REPOSITORY, 'shared', 'data', 'hadolint', 'cases-public.json'), 'utf8'),
  ) as {
    dockerfile: string;
  }[];
  return [
    ...cases.map((entry) => entry.dockerfile),
    readFileSync(join(REPOSITORY, 'examples', 'todo-app', 'Dockerfile'), 'utf8'),
  ];
}

function dockerfileText(): fc.Arbitrary<string> {
  const corpus = dockerfileCorpus();
  return fc.oneof(
    { weight: 5, arbitrary: builtDockerfile },
    { weight: 3, arbitrary: mutatedText(corpus) },
    { weight: 1, arbitrary: fc.constantFrom(...corpus) },
    { weight: 1, arbitrary: hostileString },
  );
}

const RULE_CODES = [
  'DL3008',
  'DL3006',
  'DL3007',
  'DL3026',
  'DL3002',
  'SC2086',
  'DS001',
  'DL1000',
  ...PROTOTYPE_WORDS,
  '',
];
const LABEL_TYPES: readonly LabelType[] = ['text', 'url', 'email', 'hash', 'rfc3339', 'semver', 'spdx'];
const code = fc.oneof(fc.constantFrom(...RULE_CODES), hostileWord);

/** A `.hadolint.yaml` as the engine receives it, with hostile lists and label names. */
const hadolintConfig: fc.Arbitrary<HadolintConfig> = fc.record({
  ignored: fc.array(code, { maxLength: 3 }),
  override: fc.record({
    error: fc.array(code, { maxLength: 2 }),
    warning: fc.array(code, { maxLength: 2 }),
    info: fc.array(code, { maxLength: 2 }),
    style: fc.array(code, { maxLength: 2 }),
  }),
  trustedRegistries: fc.array(
    fc.oneof(fc.constantFrom('docker.io', '*.example.com', '*', '', '*.', 'localhost:5000'), hostileWord),
    {
      maxLength: 3,
    },
  ),
  labelSchema: fc.dictionary(
    fc.oneof(fc.constantFrom('org.opencontainers.image.version', 'maintainer', ...PROTOTYPE_WORDS), hostileWord),
    fc.constantFrom(...LABEL_TYPES),
    {
      maxKeys: 3,
    },
  ),
  strictLabels: fc.boolean(),
  disableIgnorePragma: fc.boolean(),
});

/** `size` stages, each with a stage pragma (a comment) after its FROM. */
function stagesWithPragmas(size: number): string {
  return Array.from(
    { length: size },
    (_, i) => `FROM s${String(i)} AS s${String(i + 1)}\n# hadolint stage ignore=DL3006`,
  ).join('\n');
}

/**
 * The parsed model of `size` stages, each a FROM followed by a stage pragma, built without the parser
 * (dockerfile-ast is quadratic on such files, see DOCKERFILE_AST_COMMENTS): what readPragmas reads.
 */
function syntheticStages(size: number): ParsedDockerfile {
  const instructions: DockerInstruction[] = [];
  const stages: BuildStage[] = [];
  const comments: DockerComment[] = [];
  for (let index = 0; index < size; index++) {
    const line = 2 * index + 1;
    const from: DockerInstruction = {
      keyword: 'FROM',
      args: `s${String(index)}`,
      flags: [],
      exec: undefined,
      heredocs: [],
      pairs: [],
      onbuild: false,
      location: { line, column: 1, endLine: line, endColumn: 8 },
      stageIndex: index,
      shell: () => parseShell(''),
    };
    instructions.push(from);
    stages.push({
      index,
      from,
      image: parseImageReference(`s${String(index)}`),
      alias: undefined,
      parent: stages.at(-1),
    });
    comments.push({ line: line + 1, text: ' hadolint stage ignore=DL3006' });
  }
  return { instructions, comments, stages, problems: [] };
}

/** Known: dockerfile-ast assigns each comment to its stage by scanning every stage (see the report). */
const DOCKERFILE_AST_COMMENTS =
  'dockerfile-ast 0.7.1 organizeComments is O(comments × FROMs): 8,000 of each take 3 s, bounded by the 20,000-line limit';

/** Lints `text` as a Dockerfile at the repository root, with the default configuration. */
const lintAsDockerfile = (text: string) => lintDockerfile(text, 'Dockerfile');

const lint = fuzzTarget({
  name: 'Dockerfiles: parser and every rule (lintDockerfile)',
  arbitrary: () => fc.tuple(dockerfileText(), fc.oneof(fc.constant(DEFAULT_HADOLINT_CONFIG), hadolintConfig)),
  check: ([text, config]) => {
    const findings = neverThrows(() => lintDockerfile(text, 'app/Dockerfile', { config }));
    const lineCount = physicalLineCount(text);
    let previousLine = 0;
    for (const finding of findings) {
      assertWellFormedDraft(finding, lineCount);
      assertThat(/^(DL|DS|SC)\d+$/.test(finding.ruleId), `rule id ${finding.ruleId}`);
      assertThat(finding.location.line >= previousLine, 'findings are not in line order');
      previousLine = finding.location.line;
    }
  },
  growth: [
    ...textGrowths(lintAsDockerfile, {
      'many instructions': (size) => `FROM debian:12\n${'RUN apt-get install -y curl && rm -rf /x\n'.repeat(size)}`,
      'one RUN line of many commands': (size) => `FROM debian:12\nRUN ${'apt-get install -y x && '.repeat(size)}true`,
      'one RUN continued over many lines': (size) => `FROM debian:12\nRUN true ${'&& pip install x \\\n'.repeat(size)}`,
      'nested command substitutions': (size) => `FROM debian:12\nRUN ${'$('.repeat(size)}`,
      'many ignore pragmas': (size) =>
        `FROM debian:12\n${'# hadolint ignore=DL3008\nRUN apt-get install x\n'.repeat(size)}`,
    }),
    {
      name: 'many stages with a stage pragma each (pragmas, parse excluded)',
      prepare: (size) => {
        const parsed = syntheticStages(size);
        return () => {
          const read = readPragmas(parsed);
          for (const stage of parsed.stages) isIgnoredByPragma(read, 'DL3006', stage.from.location.line);
        };
      },
    },
    textGrowth(
      'many stages with a stage pragma each (whole lint)',
      stagesWithPragmas,
      lintAsDockerfile,
      DOCKERFILE_AST_COMMENTS,
    ),
    textGrowth(
      'a long line of quotes in an ENV',
      (size) => `FROM debian:12\nENV A=${'"'.repeat(size * 16)}`,
      lintAsDockerfile,
    ),
  ],
});

const shell = fuzzTarget({
  name: 'RUN scripts: the shell tokenizer (parseShell)',
  arbitrary: () => fc.oneof(shellScript, hostileString),
  check: (script) => {
    const parsed = neverThrows(() => parseShell(script));
    for (const command of parsed.commands) {
      assertThat(typeof command.name === 'string', 'a command name is not text');
      assertThat(
        command.args.every((arg) => typeof arg === 'string'),
        'an argument is not text',
      );
      for (const flag of command.flags) {
        assertThat(
          flag.argIndex >= 0 && flag.argIndex < command.args.length,
          `flag ${flag.name} points past the arguments`,
        );
      }
    }
  },
  growth: textGrowths(parseShell, {
    'nested $( )': (size) => `${'$(echo '.repeat(size)}x${')'.repeat(size)}`,
    'unclosed $(': (size) => '$('.repeat(size),
    'nested "$( )" in quotes': (size) => `${'"$('.repeat(size)}x`,
    'nested <( )': (size) => `cat ${'<('.repeat(size)}x`,
    'many backticks': (size) => 'echo `a` '.repeat(size),
    'digits before a redirection': (size) => `${'1'.repeat(size * 16)} x`,
    'many commands': (size) => 'apt-get install -y x && '.repeat(size),
  }),
});

const HADOLINT_CORPUS = [
  'ignored:\n  - DL3008\n  - SC2086\noverride:\n  error:\n    - DL3007\n  info: [DL3006]\ntrustedRegistries:\n  - docker.io\n  - "*.example.com"\nlabel-schema:\n  maintainer: text\n  org.opencontainers.image.version: semver\nstrict-labels: true\nfailure-threshold: warning\nno-fail: false\ndisable-ignore-pragma: false\n',
  'ignored: []\n',
  '',
];

const hadolintConfigStructure = fc.record(
  {
    ignored: orAnything(fc.array(code, { maxLength: 3 })),
    override: orAnything(
      fc.record(
        {
          error: orAnything(fc.array(code)),
          warning: orAnything(fc.array(code)),
          info: orAnything(fc.array(code)),
          style: orAnything(fc.array(code)),
        },
        { requiredKeys: [] },
      ),
    ),
    trustedRegistries: orAnything(fc.array(hostileWord, { maxLength: 3 })),
    'label-schema': orAnything(
      fc.dictionary(hostileWord, fc.oneof(fc.constantFrom(...LABEL_TYPES), hostileWord), { maxKeys: 3 }),
    ),
    'strict-labels': orAnything(fc.boolean()),
    'failure-threshold': orAnything(fc.constantFrom('error', 'warning', 'info', 'style', 'ignore', 'none', 'fatal')),
    'no-fail': orAnything(fc.boolean()),
    'disable-ignore-pragma': orAnything(fc.boolean()),
  },
  { requiredKeys: [] },
);

const hadolintYaml = fuzzTarget({
  name: '.hadolint.yaml (parseHadolintConfig, then linting with it)',
  arbitrary: () => yamlText(hadolintConfigStructure, HADOLINT_CORPUS),
  check: (text) => {
    const config = returnsOrThrows(() => parseHadolintConfig(text), ['CONFIG_INVALID']);
    if (config === undefined) return;
    const lists = [config.ignored, config.trustedRegistries, ...Object.values(config.override)];
    assertThat(
      lists.every((list) => list.every((item) => typeof item === 'string')),
      'a list holds a non-string',
    );
    for (const type of Object.values(config.labelSchema))
      assertThat(LABEL_TYPES.includes(type), `label type ${shown(type)}`);
    for (const flag of [config.strictLabels, config.disableIgnorePragma]) {
      assertThat(typeof flag === 'boolean', 'a flag is not a boolean');
    }
    const dockerfile =
      'FROM example.com/x:1\nLABEL maintainer=me org.opencontainers.image.version=x\n# hadolint ignore=DL3008\nRUN apt-get install curl\n';
    for (const finding of neverThrows(() => lintDockerfile(dockerfile, 'Dockerfile', { config }))) {
      assertWellFormedDraft(finding, 4);
    }
  },
  growth: [
    textGrowth(
      'a long ignored list',
      (size) => `ignored:\n${'  - DL3008\n'.repeat(size)}`,
      (text) => parseHadolintConfig(text),
    ),
    textGrowth(
      'one mapping of many keys',
      (size) => `label-schema:\n${Array.from({ length: size }, (_, i) => `  k${String(i)}: text\n`).join('')}`,
      (text) => parseHadolintConfig(text),
    ),
    textGrowth(
      'one mapping of many wrong values (every one a schema problem, each placed at its line)',
      (size) => `label-schema:\n${Array.from({ length: size }, (_, i) => `  k${String(i)}: nope\n`).join('')}`,
      (text) => {
        returnsOrThrows(() => parseHadolintConfig(text), ['CONFIG_INVALID']);
      },
    ),
  ],
});

const PRAGMA_TOKENS = [
  'hadolint',
  'ignore',
  'global',
  'stage',
  'shell',
  '=',
  ',',
  ' ',
  '\t',
  'DL3008',
  'SC2086',
  'DL',
  '#',
  'powershell',
  'x',
];

/** A comment of pragma-like tokens, before an instruction. */
const pragmaLine = fc
  .tuple(
    fc.constantFrom('#', '# ', '#\t', '  #'),
    fc.array(fc.oneof(fc.constantFrom(...PRAGMA_TOKENS), hostileWord), { maxLength: 8 }),
  )
  .map(([hash, tokens]) => `${hash}${tokens.join('')}`);

const pragmas = fuzzTarget({
  name: 'inline # hadolint pragmas (readPragmas)',
  arbitrary: () =>
    fc
      .array(fc.oneof(pragmaLine, fc.constantFrom('FROM debian:12', 'RUN apt-get install x', 'FROM base AS b', '')), {
        maxLength: 12,
      })
      .map((lines) => lines.join('\n')),
  check: (text) => {
    const parsed = neverThrows(() => readPragmas(parseDockerfile(text)));
    const lineCount = physicalLineCount(text);
    for (const [line, codes] of parsed.byLine) {
      assertPosition(line, 'pragma target line', lineCount + 1);
      assertThat(
        [...codes].every((entry) => typeof entry === 'string'),
        'a code is not text',
      );
    }
    for (const range of parsed.byRange)
      assertThat(range.from <= range.to, `stage range ${String(range.from)}-${String(range.to)}`);
    for (const line of parsed.ignorePragmaLines) assertPosition(line, 'ignore pragma line', lineCount);
    for (let line = 1; line <= lineCount; line++) {
      assertThat(typeof isIgnoredByPragma(parsed, 'DL3008', line) === 'boolean', 'isIgnoredByPragma is not a boolean');
    }
  },
  growth: [
    textGrowth(
      'a pragma with a long code list',
      (size) => `# hadolint ignore=${'DL3008,'.repeat(size)}DL1\nFROM x`,
      (text) => readPragmas(parseDockerfile(text)),
    ),
    textGrowth(
      'a pragma padded with spaces',
      (size) => `# hadolint ignore=DL1${' '.repeat(size * 16)}x\nFROM x`,
      (text) => readPragmas(parseDockerfile(text)),
    ),
  ],
});

export const targets: readonly FuzzTarget[] = [lint, shell, hadolintYaml, pragmas];
