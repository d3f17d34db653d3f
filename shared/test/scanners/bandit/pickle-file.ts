import type { JsonObject } from '../../../src/scanners/bandit/bandit-document';

/** A Python file with two Bandit results: `import pickle` (B403, line 1) and `pickle.loads` (B301, line 4). */
export const PICKLE_FILE_TEXT = 'import pickle\n\ndef load(data):\n    return pickle.loads(data)\n';

/** Bandit 1.6.2's result for the `import pickle` of PICKLE_FILE_TEXT at `target`. */
export function pickleImportResult(target: string): JsonObject {
  return {
    code: '1 import pickle\n2 \n',
    filename: target,
    issue_confidence: 'HIGH',
    issue_severity: 'LOW',
    issue_text: 'Consider possible security implications associated with pickle module.',
    line_number: 1,
    line_range: [1],
    more_info: 'https://bandit.readthedocs.io/en/latest/blacklists/blacklist_imports.html#b403-import-pickle',
    test_id: 'B403',
    test_name: 'blacklist',
  };
}

/** Bandit 1.6.2's result for the `pickle.loads` call of PICKLE_FILE_TEXT at `target`. */
export function pickleLoadsResult(target: string): JsonObject {
  return {
    code: '3 def load(data):\n4     return pickle.loads(data)\n',
    filename: target,
    issue_confidence: 'HIGH',
    issue_severity: 'MEDIUM',
    issue_text: 'Pickle and modules that wrap it can be unsafe when used to deserialize untrusted data.',
    line_number: 4,
    line_range: [4],
    more_info: 'https://bandit.readthedocs.io/en/latest/blacklists/blacklist_calls.html#b301-pickle',
    test_id: 'B301',
    test_name: 'blacklist',
  };
}
