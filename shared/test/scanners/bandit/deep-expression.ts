/**
 * A valid Python file whose 1,500-term sum makes Bandit 1.6.2 (Python 3.11) give up on the whole file: its
 * `shell=True` call would be lost unless the file is reported as unscanned.
 */
export const DEEP_EXPRESSION = [
  'import subprocess',
  '',
  '',
  'def total(x):',
  `    return ${Array.from({ length: 1500 }, () => 'x').join(' + ')}`,
  '',
  '',
  'def run(cmd):',
  '    subprocess.call(cmd, shell=True)',
  '',
].join('\n');

/** Bandit itself needs 15-20 s on DEEP_EXPRESSION (it formats a 1,000-frame traceback): the deadline of those runs. */
export const BANDIT_GIVES_UP_MS = 120_000;
