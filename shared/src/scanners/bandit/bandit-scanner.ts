import { stat, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { DevsecopsError, toDevsecopsError } from '../../errors/devsecops-error';
import { isPythonPath } from '../../files/file-kinds';
import { BANDIT_CONFIG_FILE } from '../../files/scanner-config-files';
import { readRepositoryFile } from '../../files/repository-file';
import { withPrivateFolder } from '../../process/private-folder';
import { DEFAULT_MAX_OUTPUT_BYTES } from '../../process/process-runner';
import type { CommandLine, ProcessResult } from '../../process/process-runner';
import { toolEnvironment } from '../../process/tool-environment';
import { openResultStore } from '../../cache/result-store';
import type { ResultStore } from '../../cache/result-store';
import { withBufferFiles } from '../buffer-files';
import type { ScanContext, Scanner, ScannerOutcome, ToolRun, UnscannedFile } from '../scanner';
import { INSTALL_HINTS, probeVersion } from '../tool-discovery';
import {
  CLEAN_OR_FINDINGS_EXIT_CODES,
  describeCommand,
  EXTERNAL_TOOLS,
  exitCodeError,
  failedOutcome,
  notInstalledOutcome,
  outputInvalidError,
  processFailureError,
  resolveToolOrSkip,
  toolTimeoutMs,
} from '../tool-outcome';
import { banditArguments, banditCommand, banditVersionCommand } from './bandit-command';
import type { BanditCommandInput, BanditForm } from './bandit-command';
import type { BanditConfigFile } from './bandit-config-file';
import { MAX_BANDIT_CONFIG_BYTES, readBanditConfigFile, unusedPyprojectBanditNote } from './bandit-config-file';
import { parseBanditIni } from './bandit-ini';
import { banditPathMapper, parseBanditDocument, readBanditReport } from './bandit-report';
import type { BanditReport } from './bandit-report';
import type { BanditExcludeStyle, BanditTree } from './bandit-targets';
import {
  BANDIT_DEFAULT_INCLUDE,
  banditExcludeStyle,
  chunkByArgumentBytes,
  excludedPathsFor,
  selectBanditTargets,
  THIRD_PARTY_FOLDERS,
  walkTree,
} from './bandit-targets';
import { banditUnscannedFiles } from './bandit-unscanned';
import type { BanditFilePart, JsonObject } from './bandit-document';
import { mergeBanditParts, splitBanditDocument } from './bandit-document';
import type { BanditResultCache, BanditSetup, FileSnapshot } from './bandit-result-cache';
import { banditSetupDigest, createBanditResultCache, linesOfSnapshot, snapshotFile } from './bandit-result-cache';
import type { BanditTreeIndex, PriorTreeScan } from './bandit-tree-index';
import { openBanditTreeIndex, priorFilesChanged, readPriorTreeScan, resultLines } from './bandit-tree-index';
import type { WarmBandit } from './warm-bandit';
import { startWarmBandit, warmBanditCommand } from './warm-bandit';
import type { SizedFile } from './bandit-shards';
import { planShards, shardCount } from './bandit-shards';
import { compareText } from '../../findings/finding-order';

const BANDIT_TOOL = EXTERNAL_TOOLS.bandit;

/** Bandit exits 0 when clean and 1 when it found issues. */
const BANDIT_SUCCESS_EXIT_CODES = CLEAN_OR_FINDINGS_EXIT_CODES;

/** Arguments per Bandit run: a quarter of the usual 2 MiB ARG_MAX, leaving room for the environment. */
const MAX_ARGUMENT_BYTES_PER_RUN = 512 * 1024;

/** What stands for our private copy of the `-c` config in the remembered setup (its content is there too). */
const CONFIG_PLACEHOLDER = '<config>';

/** Files read (hashed, measured) at once: enough to keep the disk busy, few enough for any file-descriptor limit. */
const FILE_READS_AT_ONCE = 32;

/** The folder of the user's cache that holds Bandit's remembered results. */
const RESULTS_FOLDER = 'bandit-results';

/** Bytes of Bandit results remembered in the user's cache folder before the oldest are dropped. */
const RESULT_CACHE_MAX_BYTES = 128 * 1024 * 1024;

/** Bytes of tree indexes kept (one per tree and setup), and the largest one (a tree of ~50,000 Python files). */
const TREE_INDEX_MAX_BYTES = 256 * 1024 * 1024;
const TREE_INDEX_MAX_ENTRY_BYTES = 64 * 1024 * 1024;

/** `.bandit` keys newer Bandit releases honour that we do not pass on (they do not choose files or tests). */
const UNAPPLIED_INI_KEYS = [
  'configfile',
  'profile',
  'level',
  'confidence',
  'ignore-nosec',
  'baseline',
  'output',
  'format',
  'msg-template',
  'aggregate',
  'number',
  'verbose',
  'debug',
  'quiet',
];

async function isDirectory(path: string): Promise<boolean> {
  return stat(path).then(
    (info) => info.isDirectory(),
    () => false,
  );
}

/** Bandit is missing: skipped with the install hint (failed when `enabled: on`). */
function notInstalled(context: ScanContext, detail: string): ScannerOutcome {
  return notInstalledOutcome(BANDIT_TOOL, context.config.tools.bandit.enabled, `${detail} ${INSTALL_HINTS.bandit}`);
}

/** What `.bandit` contributes: `exclude`, `skips`, `tests`, and notes about what was not applied. */
interface BanditIniSettings {
  readonly exclude?: string;
  readonly skips?: string;
  readonly tests?: string;
  readonly notes: readonly string[];
}

/**
 * Reads a `.bandit` (repository-relative path) through the safe reader, the way Bandit would parse it, keeping
 * only what we apply: undefined when there is none. One that cannot be read safely (a FIFO, a link out of the
 * repository, over 1 MB) is a refusal: Bandit does not run, as its policy (skips, excludes) is unknown. So is
 * one that is not UTF-8: configparser stops on it with a UnicodeDecodeError, which Bandit does not catch.
 */
async function readBanditIniSettings(
  root: string,
  path: string,
): Promise<BanditIniSettings | { readonly error: DevsecopsError } | undefined> {
  const read = await readRepositoryFile({ root, path, maxBytes: MAX_BANDIT_CONFIG_BYTES });
  if (!read.ok) return read.reason === 'missing' ? undefined : read;
  if (!read.validUtf8) {
    return {
      error: new DevsecopsError(
        'CONFIG_INVALID',
        `${path} is not valid UTF-8: Bandit stops on it (Python's configparser reads it as UTF-8) and scans nothing. Save it as UTF-8.`,
      ),
    };
  }
  const parsed = parseBanditIni(read.text);
  if (!parsed.ok) return { notes: [`${path} was not used, as Bandit would not use it: ${parsed.reason}.`] };
  // Empty values count as unset, as in Bandit (`if ini_val`).
  const value = (key: string): string | undefined => {
    const text = parsed.options.get(key);
    return text === undefined || text === '' ? undefined : text;
  };
  const unapplied = UNAPPLIED_INI_KEYS.filter((key) => value(key) !== undefined);
  const exclude = value('exclude');
  const skips = value('skips');
  const tests = value('tests');
  return {
    ...(exclude === undefined ? {} : { exclude }),
    ...(skips === undefined ? {} : { skips }),
    ...(tests === undefined ? {} : { tests }),
    notes:
      unapplied.length === 0
        ? []
        : [
            `${path} sets ${unapplied.join(', ')}: not passed to Bandit (devsecops applies only exclude, skips and tests from it).`,
          ],
  };
}

/** The files Bandit scans for the whole tree, with the files it would have read but we do not hand it. */
interface TreePlan {
  readonly files: readonly string[];
  readonly unscanned: readonly UnscannedFile[];
  readonly notes: readonly string[];
}

async function planTreeScan(
  context: ScanContext,
  tree: BanditTree,
  ini: BanditIniSettings | undefined,
  configFile: BanditConfigFile | undefined,
  version: () => Promise<string | undefined>,
): Promise<TreePlan> {
  const thirdPartyFolders = (
    await Promise.all(
      THIRD_PARTY_FOLDERS.map(async (name) => ((await isDirectory(join(context.root, name))) ? name : '')),
    )
  ).filter((name) => name !== '');
  // Styles that exclude the same paths (without a `.bandit`, two of the three do) select the same files once.
  const selections = new Map<string, ReturnType<typeof selectBanditTargets>>();
  const selectFor = (style: BanditExcludeStyle): ReturnType<typeof selectBanditTargets> => {
    const excludedPaths = excludedPathsFor({
      style,
      ...(ini?.exclude === undefined ? {} : { iniExclude: ini.exclude }),
      hasBanditFile: tree.banditFiles.length > 0,
      thirdPartyFolders,
    });
    let selection = selections.get(excludedPaths);
    if (selection === undefined) {
      selection = selectBanditTargets(context.root, tree, {
        include: configFile?.include ?? BANDIT_DEFAULT_INCLUDE,
        excludeDirs: configFile?.excludeDirs ?? [],
        excludedPaths,
        ignore: context.config.ignore,
      });
      selections.set(excludedPaths, selection);
    }
    return selection;
  };
  // Bandit versions differ in their default excludes; when the three rules agree on this tree (the usual
  // case) the version need not be known before scanning.
  const styles: BanditExcludeStyle[] = ['ini-else-defaults', 'ini-only', 'defaults-only'];
  const candidates = await Promise.all(styles.map(selectFor));
  const same = candidates.every((candidate) => candidate.files.join('\0') === candidates[0]?.files.join('\0'));
  const chosen = same ? candidates[0] : candidates[styles.indexOf(banditExcludeStyle(await version()))];
  const targets = chosen ?? (await selectFor('ini-else-defaults'));
  const notes = [...(ini?.notes ?? [])];
  // Third-party folders are our rule, not Bandit's: the note says so rather than crediting `bandit -r .` with it.
  const thirdPartyUsed = tree.banditFiles.length > 0 ? [] : thirdPartyFolders;
  const folderOf = (path: string): string | undefined => thirdPartyUsed.find((name) => path.startsWith(`${name}/`));
  const leftOutFolders = new Set(targets.excludedFiles.map(folderOf).filter((name) => name !== undefined));
  const inThirdParty = targets.excludedFiles.filter((path) => folderOf(path) !== undefined).length;
  const byBandit = targets.excludedCount - inThirdParty;
  if (byBandit > 0) {
    notes.push(
      `${String(byBandit)} Python file(s) left out by Bandit's excludes (.bandit, exclude_dirs or its defaults), as \`bandit -r .\` would.`,
    );
  }
  if (inThirdParty > 0) {
    notes.push(
      `${String(inThirdParty)} Python file(s) left out as third-party code (${[...leftOutFolders].join(', ')} at the root), which \`bandit -r .\` would scan: add a .bandit to let its exclude decide instead.`,
    );
  }
  return { files: targets.files, unscanned: targets.unscanned, notes };
}

/**
 * Runs the real Bandit over the tree (or over unsaved buffers, written to private temporary files) and
 * reads its JSON report. Bandit gets a list of files built by us (`bandit-targets.ts`), runs from a private
 * folder with a minimal environment, and as `python -I -m bandit` for the interpreter form: the repository
 * can neither pick nor shadow the program, nor make it read outside itself. Every file it was given but did
 * not fully analyse (`banditUnscannedFiles`) and every file it would have read but was not given is listed
 * in `ToolRun.unscanned`: the result is then incomplete, never a pass.
 */
export function createBanditScanner(
  options: {
    /** Bytes of file names per Bandit run before the list is split (tests make it small). */
    readonly maxArgumentBytesPerRun?: number;
    /** Bandit processes at once; default one per core (`os.availableParallelism()`). */
    readonly parallelism?: number;
  } = {},
): Scanner {
  const maxArgumentBytes = options.maxArgumentBytesPerRun ?? MAX_ARGUMENT_BYTES_PER_RUN;
  const parallelism = options.parallelism ?? availableParallelism();
  return {
    id: 'bandit',
    category: 'sast',
    scan: async (context) => {
      const buffers = context.buffers
        ? [...context.buffers].filter(([path]) => isPythonPath(path)).sort(([a], [b]) => compareText(a, b))
        : undefined;
      if (buffers?.length === 0) return { findings: [], tools: [] };

      const config = context.config.tools.bandit;
      const execution = context.execution?.bandit ?? {};
      const form: BanditForm = execution.python === undefined ? 'script' : 'module';
      const wanted = execution.python ?? execution.path ?? 'bandit';
      const setting =
        form === 'module'
          ? (execution.sources?.python ?? 'tools.bandit.python')
          : execution.path === undefined
            ? undefined
            : (execution.sources?.path ?? 'tools.bandit.path');
      const resolved = await resolveToolOrSkip(context, BANDIT_TOOL, config.enabled, {
        wanted,
        ...(setting === undefined ? {} : { setting }),
        installHint: INSTALL_HINTS.bandit,
      });
      if ('outcome' in resolved) return resolved.outcome;
      const executable = resolved.executable;
      const userEnv = context.env ?? process.env;
      const env = toolEnvironment(userEnv, 'bandit', { untrustedFolders: [context.root] });
      const limitMs = toolTimeoutMs('bandit', execution);
      const deadline = Date.now() + limitMs;

      let configFile: BanditConfigFile | undefined;
      if (config.configFile !== undefined) {
        try {
          configFile = await readBanditConfigFile(context.root, config.configFile);
        } catch (error) {
          return failedOutcome(BANDIT_TOOL, toDevsecopsError(error, 'CONFIG_INVALID'));
        }
      }

      return withPrivateFolder(async (cwd) => {
        const signal = context.signal;
        // When a file changed since the tree's last scan, Bandit is started now and imports itself while the tree
        // is walked and planned; an unchanged tree never starts it.
        const prior =
          buffers === undefined && context.cacheDirectory !== undefined
            ? await readPriorTreeScan(treeIndexStore(context.cacheDirectory), context.root)
            : undefined;
        let warm: WarmBandit | undefined;
        if (prior !== undefined && priorFilesChanged(prior, context.root)) {
          const warmCommand = await warmBanditCommand({ executable, form, userArgs: execution.args ?? [] });
          if (warmCommand !== undefined) {
            warm = startWarmBandit(context.runProcess, warmCommand, {
              cwd,
              env,
              timeoutMs: Math.max(1, deadline - Date.now()),
              ...(signal ? { signal } : {}),
            });
          }
        }
        try {
          const versionRequest = { ...banditVersionCommand({ form, executable }), env, cwd, cacheEnv: userEnv };
          let versionProbe: Promise<string | undefined> | undefined;
          const version = (): Promise<string | undefined> =>
            (versionProbe ??= probeVersion(context.runProcess, { ...versionRequest, ...(signal ? { signal } : {}) }));

          let files: readonly string[];
          let unscanned: readonly UnscannedFile[] = [];
          let notes: string[] = [];
          let ini: Awaited<ReturnType<typeof readBanditIniSettings>>;
          if (buffers === undefined) {
            let tree: BanditTree;
            try {
              tree = await walkTree(context.root, signal);
            } catch (error) {
              return failedOutcome(BANDIT_TOOL, toDevsecopsError(error, 'FILE_UNREADABLE'));
            }
            if (tree.banditFiles.length > 1) {
              return failedOutcome(
                BANDIT_TOOL,
                new DevsecopsError(
                  'CONFIG_INVALID',
                  `Multiple .bandit files found (${tree.banditFiles.map((entry) => entry.path).join(', ')}): Bandit refuses to choose one, and so does devsecops. Keep one (at the root), or remove the others.`,
                ),
              );
            }
            const banditFile = tree.banditFiles[0];
            ini = banditFile === undefined ? undefined : await readBanditIniSettings(context.root, banditFile.path);
            if (ini !== undefined && 'error' in ini) return failedOutcome(BANDIT_TOOL, ini.error);
            // Bandit starts only once what it would read of the repository is known to be safe. The probe costs a
            // Python start-up, not a scan's time: it runs beside the selection of the files.
            void version();
            let plan: TreePlan;
            try {
              plan = await planTreeScan(context, tree, ini, configFile, version);
            } catch (error) {
              return failedOutcome(BANDIT_TOOL, toDevsecopsError(error, 'CONFIG_INVALID'));
            }
            files = plan.files;
            unscanned = plan.unscanned;
            notes = [...plan.notes];
          } else {
            // An unsaved buffer is scanned whatever the excludes say (it is the file being edited); the root
            // `.bandit` still chooses the tests.
            ini = await readBanditIniSettings(context.root, BANDIT_CONFIG_FILE);
            if (ini !== undefined && 'error' in ini) return failedOutcome(BANDIT_TOOL, ini.error);
            void version();
            notes = [...(ini?.notes ?? [])];
            files = [];
          }
          const iniSettings = ini;
          if (config.configFile === undefined) {
            const unused = await unusedPyprojectBanditNote(context.root);
            if (unused !== undefined) notes.push(unused);
          }

          let configPath: string | undefined;
          if (configFile !== undefined) {
            // Bandit reads our copy, never the repository's file (which could be swapped for a FIFO meanwhile).
            configPath = join(cwd, `bandit-config${configFile.copyForBandit.extension}`);
            await writeFile(configPath, configFile.copyForBandit.text, { mode: 0o600, flag: 'wx' });
          }
          const commandInputFor = (targets: readonly string[], config: string | undefined): BanditCommandInput => ({
            executable,
            form,
            targets,
            ...(config === undefined ? {} : { configFile: config }),
            ...(iniSettings?.skips === undefined ? {} : { skips: iniSettings.skips }),
            ...(iniSettings?.tests === undefined ? {} : { tests: iniSettings.tests }),
            ...(execution.args === undefined ? {} : { userArgs: execution.args }),
          });
          const commandFor = (targets: readonly string[], config: string | undefined): CommandLine =>
            banditCommand(commandInputFor(targets, config));

          /** Runs Bandit over one shard's files (in runs short enough for a command line), one run after another. */
          const runShard = async (
            shard: readonly string[],
            pathOf: (reported: string) => string,
            repoPathOf: ReadonlyMap<string, string> | undefined,
          ): Promise<{ parts: Map<string, BanditFilePart>; missed: UnscannedFile[] } | { outcome: ScannerOutcome }> => {
            const parts = new Map<string, BanditFilePart>();
            const missed: UnscannedFile[] = [];
            for (const chunk of chunkByArgumentBytes(shard, maxArgumentBytes)) {
              const { command, args } = commandFor(chunk, configPath);
              // The first run takes the warm Bandit, if one was started: the same program with the same arguments.
              const started = warm;
              warm = undefined;
              context.log?.(
                `bandit: ${describeCommand(command, args.slice(0, args.indexOf('--') + 1))} (${String(chunk.length)} files${started ? ', started ahead' : ''})`,
              );
              const result =
                (await started?.run(banditArguments(commandInputFor(chunk, configPath)))) ??
                (await context.runProcess({
                  command,
                  args,
                  cwd,
                  env,
                  timeoutMs: Math.max(1, deadline - Date.now()),
                  ...(signal ? { signal } : {}),
                }));
              const run = interpretBanditRun(context, withLimitInMessage(result, limitMs), {
                command,
                args,
                form,
                repoPathOf,
              });
              if ('outcome' in run) return run;
              for (const [file, part] of splitBanditDocument(run.document)) parts.set(file, part);
              // Exactly the files this run was given: each one its report does not cover is unscanned.
              missed.push(
                ...banditUnscannedFiles({
                  report: run.report,
                  stderr: result.stderr,
                  givenFiles: chunk.map(pathOf),
                  pathOf,
                }),
              );
            }
            return { parts, missed };
          };

          const runFiles = async (
            targets: readonly string[],
            repoPathOf?: ReadonlyMap<string, string>,
          ): Promise<ScannerOutcome> => {
            const started = Date.now();
            const pathOf = banditPathMapper(context.root, repoPathOf);
            const remembered = await openBanditResultCache(
              context,
              {
                executable,
                form,
                version: await version(),
                args: commandFor([], configPath === undefined ? undefined : CONFIG_PLACEHOLDER).args,
                userArgs: execution.args ?? [],
                ...(configFile === undefined ? {} : { configText: configFile.copyForBandit.text }),
                env,
              },
              // Unsaved buffers are scanned from temporary copies: no stamp of theirs is worth remembering.
              repoPathOf === undefined ? { prior } : undefined,
            );
            const parts = new Map<string, BanditFilePart>();
            const snapshots = new Map<string, FileSnapshot>();
            /** Targets whose part came from the per-file results (remembered already; the tree's index lacks them). */
            const fromResults = new Set<string>();
            /** The text of the lines findings are on, for files whose lines are known without reading them again. */
            const knownLines = new Map<string, ReadonlyMap<number, string>>();
            const toScan: SizedFile[] = [];
            await forEachLimited(targets, FILE_READS_AT_ONCE, async (target) => {
              const path = pathOf(target);
              const unchanged = remembered?.index?.unchanged(target, path);
              if (unchanged !== undefined) {
                parts.set(target, unchanged.part);
                knownLines.set(path, unchanged.lines);
                return;
              }
              const snapshot = remembered ? await snapshotFile(target, path) : undefined;
              const sameContent = snapshot && remembered?.index?.sameContent(snapshot);
              if (sameContent !== undefined) {
                parts.set(target, sameContent.part);
                knownLines.set(path, sameContent.lines);
                return;
              }
              const part = snapshot && (await remembered?.results.lookup(snapshot));
              if (snapshot) snapshots.set(target, snapshot);
              if (part !== undefined) {
                parts.set(target, part);
                fromResults.add(target);
                return;
              }
              toScan.push({ path: target, bytes: await fileBytes(target) });
            });
            if (remembered && targets.length > 0) {
              context.log?.(
                `bandit: ${String(parts.size)} of ${String(targets.length)} files unchanged since an earlier scan`,
              );
            }

            if (toScan.length === 0) warm?.dismiss();
            const shards = planShards(toScan, shardCount(toScan, parallelism));
            const [runs] = await Promise.all([
              Promise.all(shards.map((shard) => runShard(shard, pathOf, repoPathOf))),
              // Once Bandit has started, and while it runs: the results' folder is read for its budget now rather
              // than after Bandit, when the report still waits for it.
              toScan.length > 0 ? remembered?.results.makeRoom() : undefined,
            ]);
            const known = await version();
            const failed = runs.find((run) => 'outcome' in run);
            if (failed !== undefined && 'outcome' in failed) return mergeVersion(failed.outcome, known);

            const missed: UnscannedFile[] = [];
            for (const run of runs) {
              if ('outcome' in run) continue;
              missed.push(...run.missed);
              for (const [file, part] of run.parts) parts.set(file, part);
            }
            if (remembered) {
              const incomplete = new Set(missed.map((file) => file.path));
              await forEachLimited([...snapshots.values()], FILE_READS_AT_ONCE, async (snapshot) => {
                const part = parts.get(snapshot.target);
                if (part === undefined || incomplete.has(snapshot.path)) return;
                if (!fromResults.has(snapshot.target)) await remembered.results.remember(snapshot, part);
                if (remembered.index === undefined) return;
                const lines = await linesOfSnapshot(snapshot, resultLines(part));
                if (lines === undefined) return;
                remembered.index.record(snapshot, part, lines);
                knownLines.set(snapshot.path, lines);
              });
              await remembered.results.finish();
              await remembered.index?.save();
            }

            const report = readBanditReport(mergeBanditParts(parts), {
              root: context.root,
              ...(repoPathOf ? { repoPathOf } : {}),
            });
            const allUnscanned = [...unscanned, ...missed].sort((a, b) =>
              a.path < b.path ? -1 : a.path > b.path ? 1 : 0,
            );
            const tool: ToolRun = {
              name: BANDIT_TOOL.name,
              category: BANDIT_TOOL.category,
              status: 'ok',
              ...(known === undefined ? {} : { version: known }),
              durationMs: Date.now() - started,
              ...(notes.length > 0 ? { notes } : {}),
              ...(allUnscanned.length > 0 ? { unscanned: allUnscanned } : {}),
            };
            return { findings: report.findings, tools: [tool], ...(knownLines.size > 0 ? { lines: knownLines } : {}) };
          };

          if (buffers !== undefined) {
            return await withBufferFiles(buffers, (written) => runFiles(written.files, written.repoPathOf));
          }
          if (files.length === 0) notes.push('No Python files to scan.');
          return await runFiles(files);
        } finally {
          warm?.dismiss();
        }
      });
    },
  };
}

/** What is remembered for this setup: per-file results, and (for a scan of the tree on disk) the tree's index. */
interface RememberedResults {
  readonly results: BanditResultCache;
  readonly index?: BanditTreeIndex;
}

/** The remembered results for this setup, when the scan has a cache folder and the setup can be remembered. */
async function openBanditResultCache(
  context: ScanContext,
  setup: BanditSetup,
  /** For a scan of the tree on disk: its index is opened too, taking what was read of it early. */
  tree: { readonly prior: PriorTreeScan | undefined } | undefined,
): Promise<RememberedResults | undefined> {
  if (context.cacheDirectory === undefined) return undefined;
  const digest = await banditSetupDigest(setup);
  if (digest === undefined) return undefined;
  const directory = join(context.cacheDirectory, RESULTS_FOLDER);
  const results = createBanditResultCache(openResultStore({ directory, maxBytes: RESULT_CACHE_MAX_BYTES }), digest);
  if (tree === undefined) return { results };
  const index = await openBanditTreeIndex(treeIndexStore(context.cacheDirectory), digest, context.root, tree.prior);
  return { results, index };
}

/** The trees' indexes: inside the results' folder, so that removing it forgets everything; with a budget of its own. */
function treeIndexStore(cacheDirectory: string): ResultStore {
  return openResultStore({
    directory: join(cacheDirectory, RESULTS_FOLDER, 'trees'),
    maxBytes: TREE_INDEX_MAX_BYTES,
    maxEntryBytes: TREE_INDEX_MAX_ENTRY_BYTES,
  });
}

async function fileBytes(path: string): Promise<number> {
  return stat(path).then(
    (info) => info.size,
    () => 0,
  );
}

/** Runs `work` on every item, at most `limit` at a time. */
async function forEachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** A timeout over several runs is reported with the whole limit, not what was left of it for the last run. */
function withLimitInMessage(result: ProcessResult, limitMs: number): ProcessResult {
  if (result.failure?.kind !== 'timeout') return result;
  return { ...result, failure: { kind: 'timeout', message: `Did not finish within ${String(limitMs / 1000)} s.` } };
}

function mergeVersion(outcome: ScannerOutcome, version: string | undefined): ScannerOutcome {
  if (version === undefined) return outcome;
  return { ...outcome, tools: outcome.tools.map((tool) => (tool.version === undefined ? { ...tool, version } : tool)) };
}

/** One Bandit run read: its report (as printed, and read), or the outcome that ends the scan (missing, failed…). */
type BanditRunReading =
  { readonly document: JsonObject; readonly report: BanditReport } | { readonly outcome: ScannerOutcome };

function interpretBanditRun(
  context: ScanContext,
  result: ProcessResult,
  run: {
    command: string;
    args: readonly string[];
    form: BanditForm;
    repoPathOf: ReadonlyMap<string, string> | undefined;
  },
): BanditRunReading {
  const extra = { durationMs: result.durationMs };
  const failure = processFailureError(BANDIT_TOOL, result);
  if (failure?.code === 'TOOL_NOT_FOUND') return { outcome: notInstalled(context, failure.message) };
  if (failure) return { outcome: failedOutcome(BANDIT_TOOL, failure, extra) };
  if (run.form === 'module' && /No module named bandit/.test(result.stderr)) {
    return {
      outcome: notInstalled(
        context,
        `The Python interpreter ${run.command} (tools.bandit.python) has no bandit module (it runs isolated, with -I: a bandit installed with pip --user is not seen; point the Bandit path at its \`bandit\` script instead).`,
      ),
    };
  }
  if (result.truncated) {
    // Not a broken installation: the report (or Bandit's log of per-file errors) was cut, so what it
    // says about the files cannot be trusted.
    return {
      outcome: failedOutcome(
        BANDIT_TOOL,
        new DevsecopsError(
          'TOOL_OUTPUT_TOO_LARGE',
          `Bandit's output exceeded ${DEFAULT_MAX_OUTPUT_BYTES / 1024 / 1024} MiB: narrow the scan with ignore globs or split it.`,
        ),
        extra,
      ),
    };
  }
  if (result.exitCode === null || !BANDIT_SUCCESS_EXIT_CODES.has(result.exitCode)) {
    return {
      outcome: failedOutcome(
        BANDIT_TOOL,
        exitCodeError(BANDIT_TOOL, result, describeCommand(run.command, run.args)),
        extra,
      ),
    };
  }
  try {
    const document = parseBanditDocument(result.stdout);
    const report = readBanditReport(document, {
      root: context.root,
      ...(run.repoPathOf ? { repoPathOf: run.repoPathOf } : {}),
    });
    return { document, report };
  } catch (error) {
    const printed = result.stdout.trim() === '' ? result.stderr : result.stdout;
    return {
      outcome: failedOutcome(BANDIT_TOOL, outputInvalidError(BANDIT_TOOL, 'Bandit JSON', printed, error), extra),
    };
  }
}
