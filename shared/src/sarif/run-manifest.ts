import runManifestSchema from '../../schemas/run-manifest.schema.json';
import { YamlSchema } from '../config/yaml-schema';
import type { PipelineRunReport } from '../reporters/pipeline-run-report';
import { RUN_MANIFEST_NAME } from './report-layout';

/**
 * The longest run manifest read, in characters. A real one holds a few stages, at most 50 listed gate failures
 * per action and the files left unscanned: well under this. A longer one is refused before it is parsed.
 */
export const MAX_RUN_MANIFEST_CHARS = 16 * 1024 * 1024;

/**
 * The manifest's schema (`schemas/run-manifest.schema.json`). It comes from a bucket any branch's build can
 * write, so checking stops at its first problem: a hostile list of a million wrong items costs one message.
 */
const RUN_MANIFEST_SCHEMA = new YamlSchema(
  runManifestSchema,
  {
    rootName: 'the run manifest',
    unknownKey: '{where} has a key "{key}" that devsecops pipeline run never writes',
    wrongValue: '{where} is {value}; it {expected}',
    missingKey: '{where} has no "{key}"',
  },
  { firstProblemOnly: true },
);

/** A run manifest read: the run it describes, or what is wrong with it and what to do. */
export type RunManifestReading =
  { readonly ok: true; readonly manifest: PipelineRunReport } | { readonly ok: false; readonly problem: string };

/**
 * Reads `pipeline-run.json` as `devsecops pipeline run` writes it: JSON whose every key and value its schema
 * knows. Anything else is refused with a message that says what is wrong and how to get a manifest that is
 * right; nothing in the text can make this throw.
 */
export function readRunManifest(text: string): RunManifestReading {
  const refused = (what: string): RunManifestReading => ({
    ok: false,
    problem: `${RUN_MANIFEST_NAME} is not a run manifest as devsecops pipeline run writes it (${what}), so it cannot say every scan ran; upload the reports folder that devsecops pipeline run writes, unchanged, by a CLI of the bot's version`,
  });
  if (text.length > MAX_RUN_MANIFEST_CHARS) {
    return refused(`it has ${String(text.length)} characters, more than the ${String(MAX_RUN_MANIFEST_CHARS)} read`);
  }
  let document: unknown;
  try {
    document = JSON.parse(text) as unknown;
  } catch {
    return refused('it is not JSON');
  }
  const [problem] = RUN_MANIFEST_SCHEMA.messages(document);
  return problem === undefined ? { ok: true, manifest: document as PipelineRunReport } : refused(problem);
}
