// The requirements files the SCA benchmarks scan, drawn from whatever database they run on.
import type { VulnerabilityDatabase } from '@devsecops/shared/engines';

/**
 * A 300-line file in the shape of a service's lock-style requirements: every line
 * pinned, about a third of the packages known to the database (most pinned at a
 * release newer than any advisory, some at vulnerable ones), ranges, an unpinned
 * line, hashes on continuation lines, comments and an index option.
 */
export function realisticFile(db: VulnerabilityDatabase, variant = 0): string {
  const names = db.advisoryIndex.packageNames();
  const lines: string[] = ['# generated for the SCA benchmark', '--index-url https://pypi.org/simple'];
  for (let i = 0; lines.length < 300; i++) {
    // Each variant picks other packages (and other versions of shared ones), so its memo entries are new.
    const name = names[(i * 7 + variant * 101) % names.length] ?? 'django';
    const versions = db.advisoryIndex.packageRecord(name)?.versions ?? ['1.0'];
    const known = versions[(i * 3 + variant * 5) % versions.length] ?? '1.0';
    switch (i % 12) {
      case 0:
        lines.push(`${name}==${known}`);
        break;
      case 1:
        lines.push(`${name}>=${known},<99`);
        break;
      case 2:
      case 3:
        lines.push(`${name}==99.0 \\`, `    --hash=sha256:${'ab'.repeat(32)}`);
        break;
      case 4:
        lines.push(`${name}  # unpinned on purpose`);
        break;
      default:
        lines.push(`internal-lib-${String(i)}[extra]==1.0.${String(i)} ; python_version >= "3.9"`);
    }
  }
  return `${lines.slice(0, 300).join('\n')}\n`;
}

/** The worst case: every line a vulnerable pin of a package with advisories (hundreds of findings). */
export function worstCaseFile(db: VulnerabilityDatabase): string {
  const names = db.advisoryIndex.packageNames();
  const lines: string[] = [];
  for (let i = 0; lines.length < 300; i++) {
    const name = names[(i * 7) % names.length] ?? 'django';
    const versions = db.advisoryIndex.packageRecord(name)?.versions ?? ['1.0'];
    lines.push(`${name}==${versions[(i * 3) % versions.length] ?? '1.0'}`);
  }
  return `${lines.join('\n')}\n`;
}
