import { spawnSync } from 'node:child_process';

/**
 * Runs pip's own requirements-file parser (`pip._internal.req.req_file.parse_requirements`, no network) on each of
 * `files`, written to a file of its own, and gives for each what `perFile` says of it: a Python expression over
 * `requirements`, the list pip parsed. A file pip refuses gives the name of what it raised instead. Needs python3
 * with pip (`scripts/setup --test` installs both); without them this throws, so a comparison never passes unrun.
 */
export function pipParseResults<T>(files: readonly string[], perFile: string): (T | string)[] {
  const program = String.raw`
import json, logging, os, sys, tempfile
logging.disable(logging.CRITICAL)
from pip._internal.network.session import PipSession
from pip._internal.req.req_file import parse_requirements
session = PipSession()
out = []
for text in json.load(sys.stdin):
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, 'requirements.txt')
        with open(path, 'w', encoding='utf-8', newline='') as handle:
            handle.write(text)
        try:
            requirements = list(parse_requirements(path, session))
            out.append(${perFile})
        except Exception as error:
            out.append(type(error).__name__)
print(json.dumps(out))
`;
  const run = spawnSync('python3', ['-c', program], {
    input: JSON.stringify(files),
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (run.error !== undefined || run.status !== 0) {
    throw new Error(`python3 with pip did not run pip's parser: ${run.error?.message ?? run.stderr}`);
  }
  return JSON.parse(run.stdout) as (T | string)[];
}
