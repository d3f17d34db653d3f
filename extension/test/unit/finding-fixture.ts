import type { Finding } from '@devsecops/shared/findings';

/** A finding of `tool` with a fingerprint of its own (the store merges on fingerprints). */
export function finding(tool: string, ruleId: string, line: number, overrides: Partial<Finding> = {}): Finding {
  return {
    tool,
    category: tool === 'bandit' ? 'sast' : tool === 'devsecops-sca' ? 'sca' : 'dockerfile',
    ruleId,
    message: `${ruleId} at ${line}`,
    severity: 'high',
    location: { path: 'file', line },
    fingerprint: `${tool}/${ruleId}/${line}`,
    ...overrides,
  };
}
