import assert from 'node:assert/strict';
import { configProblemPopup, forgetSaidConfigProblems } from '../../src/model/config-problem-popup';

const INVALID = [
  '.devsecops.yml is not valid:',
  '.devsecops.yml:3: suppressions[0].rule "b602" matches no finding: rule ids are case-sensitive; did you mean B602?',
  '.devsecops.yml:5: unknown key "gaet" in the top level; did you mean "gate"?',
].join('\n');

describe('configProblemPopup: the popup for a policy file that is not used', () => {
  it('counts the problems and says where they are marked, instead of listing them all', () => {
    assert.equal(
      configProblemPopup('/repo', INVALID, new Set()),
      'DevSecOps: .devsecops.yml is not valid (2 problems). Scans use the defaults until it is fixed; each problem is marked in the file.',
    );
  });

  it('says the same problems once, wherever they move in the file, and again only for a new one', () => {
    const said = new Set<string>();
    assert.ok(configProblemPopup('/repo', INVALID, said));
    assert.equal(configProblemPopup('/repo', INVALID, said), undefined);
    const moved = INVALID.replace('.devsecops.yml:3:', '.devsecops.yml:9:').replace(
      '.devsecops.yml:5:',
      '.devsecops.yml:2:',
    );
    assert.equal(configProblemPopup('/repo', moved, said), undefined);
    const fewer = INVALID.split('\n').slice(0, 2).join('\n');
    assert.equal(configProblemPopup('/repo', fewer, said), undefined, 'one mistake fixed is nothing new');
    const another = `${INVALID}\n.devsecops.yml:7: gate.failOn is "hihg"; write one of critical, high, medium, low, info or none.`;
    assert.match(configProblemPopup('/repo', another, said) ?? '', /\(3 problems\)/);
  });

  it('keeps each folder apart, and says a mistake again once the file was valid in between', () => {
    const said = new Set<string>();
    assert.ok(configProblemPopup('/a', INVALID, said));
    assert.ok(configProblemPopup('/b', INVALID, said), 'another folder’s file');
    forgetSaidConfigProblems('/a', said);
    assert.ok(configProblemPopup('/a', INVALID, said));
    assert.equal(configProblemPopup('/b', INVALID, said), undefined);
  });

  it('shows a one-line problem (two policy files, an unreadable one) as it is', () => {
    const both = 'Both .devsecops.yml and .devsecops.yaml exist in /repo: keep one of them.';
    assert.equal(
      configProblemPopup('/repo', both, new Set()),
      `DevSecOps: ${both} Scans use the defaults until it is fixed; each problem is marked in the file.`,
    );
  });
});
