import { spawnSync } from 'node:child_process';

/** Runs a Python program with `input` as JSON on stdin and gives what it prints as JSON; throws when it fails. */
function runPython(program: string, input: unknown): unknown {
  const run = spawnSync('python3', ['-c', program], {
    input: JSON.stringify(input),
    encoding: 'utf8',
    timeout: 120_000,
    maxBuffer: 16 * 1024 * 1024,
  });
  if (run.error !== undefined || run.status !== 0) {
    throw new Error(`python3 with pip did not run pip's parser: ${run.error?.message ?? run.stderr}`);
  }
  return JSON.parse(run.stdout) as unknown;
}

/**
 * Runs pip's own requirements-file parser (`pip._internal.req.req_file.parse_requirements`, no network) on each of
 * `files`, written to a file of its own, and gives for each what `perFile` says of it: a Python expression over
 * `requirements`, the list pip parsed. A file pip refuses gives the name of what it raised instead. Needs python3
 * with pip (`scripts/setup --test` installs both); without them this throws, so a comparison never passes unrun.
 *
 * `perFile` may call `install_req_from_parsed_requirement`, which is how `pip install` turns each parsed line into
 * what it installs (and where it refuses a requirement it cannot read). It runs with the file's own empty folder
 * as the working directory, so a relative path in a line names nothing of the machine's.
 */
export function pipParseResults<T>(files: readonly string[], perFile: string): (T | string)[] {
  const program = String.raw`
import json, logging, os, sys, tempfile
logging.disable(logging.CRITICAL)
from pip._internal.network.session import PipSession
from pip._internal.req.constructors import install_req_from_parsed_requirement
from pip._internal.req.req_file import parse_requirements
session = PipSession()
home = os.getcwd()
out = []
for text in json.load(sys.stdin):
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, 'requirements.txt')
        with open(path, 'w', encoding='utf-8', newline='') as handle:
            handle.write(text)
        os.chdir(folder)
        try:
            requirements = list(parse_requirements(path, session))
            out.append(${perFile})
        except Exception as error:
            out.append(type(error).__name__)
        finally:
            os.chdir(home)
print(json.dumps(out))
`;
  return runPython(program, files) as (T | string)[];
}

/** The version of packaging that the machine's pip vendors (`21.3` up to pip 24.0), which decides what pip reads. */
export function pipVendoredPackagingVersion(): string {
  return String(
    runPython('import json; from pip._vendor import packaging; print(json.dumps(packaging.__version__))', null),
  );
}
