// The pipeline's inputs: CodeBuild buildspecs and the pipeline definition that names them (a
// repository's own, with --definition; the product's pipeline/ otherwise).
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parseBuildspec, loadPipelineDefinition } from '@devsecops/shared/pipeline';
import type { Buildspec } from '@devsecops/shared/pipeline';
import { assertThat, resolvesOrRejects, returnsOrThrows } from '../harness/expectations';
import { asyncFuzzTarget, fuzzTarget, textGrowth } from '../harness/fuzz-target';
import type { FuzzTarget } from '../harness/fuzz-target';
import { scratchFolder } from '../harness/scratch-folder';
import { hostileString, PROTOTYPE_WORDS } from '../generators/hostile-text';
import { orAnything, yamlText } from '../generators/yaml-text';

const PIPELINE_FOLDER = join(__dirname, '..', '..', '..', '..', 'pipeline');

function buildspecCorpus(): string[] {
  const folder = join(PIPELINE_FOLDER, 'buildspecs');
  return readdirSync(folder).map((name) => readFileSync(join(folder, name), 'utf8'));
}

const commands = fc.array(
  fc.oneof(fc.constantFrom('echo hi', 'npm ci', 'exit 1', 'key: value', '- x'), hostileString),
  { maxLength: 3 },
);
const phase = fc.record(
  {
    'run-as': orAnything(fc.constantFrom('root', 'builder')),
    'on-failure': orAnything(fc.constantFrom('ABORT', 'CONTINUE', 'abort')),
    'runtime-versions': orAnything(
      fc.dictionary(
        fc.constantFrom('python', 'nodejs', ...PROTOTYPE_WORDS),
        fc.oneof(fc.constant(3.12), hostileString),
      ),
    ),
    commands: orAnything(commands),
    finally: orAnything(commands),
  },
  { requiredKeys: [] },
);
const globs = orAnything(
  fc.array(fc.oneof(fc.constantFrom('**/*', 'reports/*.xml', '@(a|b)', '{1..3}', '../x'), hostileString), {
    maxLength: 3,
  }),
);
const artifactFields = {
  files: globs,
  name: orAnything(hostileString),
  'discard-paths': orAnything(fc.constantFrom('yes', 'no', true, 'maybe')),
  'base-directory': orAnything(fc.constantFrom('out', '../..', '/etc')),
  'exclude-paths': globs,
  'enable-symlinks': orAnything(fc.constantFrom('yes', 'no')),
  's3-prefix': orAnything(hostileString),
};
const artifacts = fc.record(artifactFields, { requiredKeys: [] });
const primaryArtifacts = fc.record(
  { ...artifactFields, 'secondary-artifacts': orAnything(fc.dictionary(hostileString, artifacts, { maxKeys: 2 })) },
  { requiredKeys: [] },
);
const buildspecStructure = fc.record(
  {
    version: orAnything(fc.constantFrom(0.2, '0.2', 0.1, '0.20')),
    'run-as': orAnything(hostileString),
    env: orAnything(
      fc.record(
        {
          shell: orAnything(fc.constantFrom('bash', '/bin/sh', 'zsh')),
          variables: orAnything(
            fc.dictionary(
              fc.oneof(fc.constantFrom(...PROTOTYPE_WORDS), hostileString),
              fc.oneof(hostileString, fc.integer()),
            ),
          ),
          'parameter-store': orAnything(fc.dictionary(hostileString, hostileString, { maxKeys: 2 })),
          'exported-variables': orAnything(fc.array(hostileString, { maxLength: 2 })),
          'git-credential-helper': orAnything(fc.constantFrom('yes', 'no')),
        },
        { requiredKeys: [] },
      ),
    ),
    phases: orAnything(
      fc.record(
        {
          install: orAnything(phase),
          pre_build: orAnything(phase),
          build: orAnything(phase),
          post_build: orAnything(phase),
        },
        { requiredKeys: [] },
      ),
    ),
    reports: orAnything(
      fc.dictionary(
        fc.oneof(fc.constantFrom('unit', ...PROTOTYPE_WORDS), hostileString),
        fc.record(
          { files: globs, 'file-format': orAnything(fc.constantFrom('JUNITXML', 'junit')) },
          { requiredKeys: [] },
        ),
        { maxKeys: 2 },
      ),
    ),
    artifacts: orAnything(primaryArtifacts),
    cache: orAnything(
      fc.record(
        { paths: globs, key: orAnything(hostileString), action: orAnything(fc.constantFrom('restore', 'save', 'x')) },
        { requiredKeys: [] },
      ),
    ),
    proxy: orAnything(fc.constant({})),
    batch: orAnything(fc.constant({})),
  },
  { requiredKeys: [] },
);

function assertWellFormedBuildspec(buildspec: Buildspec): void {
  for (const phaseValue of Object.values(buildspec.phases)) {
    assertThat(
      phaseValue.commands.every((command) => typeof command === 'string'),
      'a command is not text',
    );
    assertThat(
      phaseValue.finally.every((command) => typeof command === 'string'),
      'a finally command is not text',
    );
  }
  for (const value of Object.values(buildspec.env.variables))
    assertThat(typeof value === 'string', 'a variable is not text');
  for (const group of buildspec.reports)
    assertThat(group.files.length > 0, 'a report group without files was accepted');
}

const buildspecTarget = fuzzTarget({
  name: 'CodeBuild buildspecs (parseBuildspec)',
  arbitrary: () => yamlText(buildspecStructure, buildspecCorpus()),
  check: (text) => {
    const buildspec = returnsOrThrows(() => parseBuildspec(text, 'buildspec.yml'), ['PIPELINE_INVALID']);
    if (buildspec !== undefined) assertWellFormedBuildspec(buildspec);
  },
  growth: [
    textGrowth(
      'many commands',
      (size) => `version: 0.2\nphases:\n  build:\n    commands:\n${'      - echo hi\n'.repeat(size)}`,
      (text) => parseBuildspec(text, 'b.yml'),
    ),
    textGrowth(
      'one mapping of many variables',
      (size) =>
        `version: 0.2\nenv:\n  variables:\n${Array.from({ length: size }, (_, i) => `    V${String(i)}: x\n`).join('')}`,
      (text) => parseBuildspec(text, 'b.yml'),
    ),
    textGrowth(
      'many report groups',
      (size) =>
        `version: 0.2\nreports:\n${Array.from({ length: size }, (_, i) => `  r${String(i)}:\n    files: ['**/*.xml']`).join('\n')}\n`,
      (text) => parseBuildspec(text, 'b.yml'),
    ),
  ],
});

/** Buildspecs written once beside each definition (pool-0.yml …), from the pool below. */
const POOL_SIZE = 34;

/** Buildspec paths a definition may name: files that exist, that do not, and ones that try to leave. */
const BUILDSPEC_REFERENCES = [
  ...Array.from({ length: POOL_SIZE }, (_, index) => `buildspecs/pool-${String(index)}.yml`),
  'buildspecs/missing.yml',
  '../outside.yml',
  'buildspecs',
  './buildspecs/../buildspecs/pool-0.yml',
  '',
];

const definitionStructure = fc.record(
  {
    version: orAnything(fc.constantFrom(1, '1', 2)),
    stages: orAnything(
      fc.array(
        fc.record(
          {
            name: orAnything(fc.constantFrom('source', 'build', 'Build', 'a-b', ...PROTOTYPE_WORDS)),
            actions: orAnything(
              fc.array(
                fc.record(
                  {
                    name: orAnything(fc.constantFrom('sca', 'sast', 'x', 'sca', ...PROTOTYPE_WORDS)),
                    type: orAnything(fc.constantFrom('build', 'source', 'deploy')),
                    buildspec: orAnything(fc.constantFrom(...BUILDSPEC_REFERENCES)),
                    runOrder: orAnything(fc.constantFrom(1, 2, 0, -1, 1.5)),
                    outputs: orAnything(fc.array(hostileString, { maxLength: 2 })),
                    requires: orAnything(fc.array(fc.constantFrom('container-engine', 'gpu'), { maxLength: 2 })),
                  },
                  { requiredKeys: [] },
                ),
                { maxLength: 2 },
              ),
            ),
          },
          { requiredKeys: [] },
        ),
        { maxLength: 2 },
      ),
    ),
  },
  { requiredKeys: [] },
);

/**
 * Buildspecs for the definitions to name: the repository's own and short ones drawn once (seeded)
 * from the buildspec generator (the buildspec parser has a target of its own).
 */
function buildspecPool(): string[] {
  const drawn = fc.sample(yamlText(buildspecStructure, buildspecCorpus()), { numRuns: 300, seed: 7 });
  const pool = [...buildspecCorpus(), ...drawn.filter((text) => text.length < 800)];
  return Array.from({ length: POOL_SIZE }, (_, index) => pool[index % pool.length] ?? '');
}

let workspace: string | undefined;

/**
 * The definition's folder: the buildspec pool in buildspecs/, and a buildspec outside the folder.
 * Written once: only pipeline.yml changes from input to input.
 */
function definitionFolder(): string {
  if (workspace === undefined) {
    const created = scratchFolder('devsecops-fuzz-pipeline-');
    workspace = created;
    process.on('exit', () => rmSync(created, { recursive: true, force: true }));
    mkdirSync(join(created, 'pipeline', 'buildspecs'), { recursive: true });
    writeFileSync(join(created, 'outside.yml'), 'version: 0.2\n');
    buildspecPool().forEach((text, index) => {
      writeFileSync(join(created, 'pipeline', 'buildspecs', `pool-${String(index)}.yml`), text);
    });
  }
  return join(workspace, 'pipeline');
}

const definitionTarget = asyncFuzzTarget({
  name: 'pipeline definitions and the buildspecs they name (loadPipelineDefinition)',
  arbitrary: () => yamlText(definitionStructure, [readFileSync(join(PIPELINE_FOLDER, 'pipeline.yml'), 'utf8')]),
  check: async (text) => {
    const folder = definitionFolder();
    writeFileSync(join(folder, 'pipeline.yml'), text);
    const definition = await resolvesOrRejects(
      () => loadPipelineDefinition(join(folder, 'pipeline.yml')),
      ['PIPELINE_INVALID', 'FILE_UNREADABLE'],
    );
    for (const stage of definition?.stages ?? []) {
      assertThat(/^[a-z][a-z0-9-]*$/.test(stage.name), `stage name ${stage.name}`);
      for (const action of stage.actions) {
        assertThat(Number.isInteger(action.runOrder) && action.runOrder >= 1, `runOrder ${String(action.runOrder)}`);
        if (action.type === 'build') assertWellFormedBuildspec(action.buildspec);
      }
    }
  },
});

export const targets: readonly FuzzTarget[] = [buildspecTarget, definitionTarget];
