import assert from 'node:assert/strict';
import { hashedRequirementAdvice, requirementHasHashes } from '../../src/model/hashed-requirement';

describe('hash-pinned requirements', () => {
  const file = [
    'flask==0.12.2 --hash=sha256:aaa',
    'jinja2==2.10 \\',
    '    --hash=sha256:bbb \\',
    '    --hash=sha256:ccc',
    'requests==2.19.1  # --hash=sha256:ddd is only a comment',
    'pyyaml==5.3 \\',
    '    ; python_version >= "3"',
    'urllib3==1.24.1 --hash sha256:eee',
  ];

  it('sees --hash on the line, on its continuation lines, and in either spelling', () => {
    assert.deepEqual(
      [0, 1, 4, 5, 7].map((index) => requirementHasHashes(file, index)),
      [true, true, false, false, true],
    );
  });

  it('stops at a line without a continuation, and at the end of the file', () => {
    assert.equal(requirementHasHashes(['a==1', '--hash=sha256:x'], 0), false);
    assert.equal(requirementHasHashes(['a==1 \\'], 0), false);
  });

  it('advises generating the file again rather than an edit pip would refuse', () => {
    const advice = hashedRequirementAdvice('requirements.txt', 'jinja2', '2.11.3');
    assert.equal(advice.commandLine, undefined);
    assert.match(advice.message, /^requirements\.txt pins jinja2 with hashes/);
    assert.match(advice.message, /pip-compile --generate-hashes --upgrade-package "jinja2>=2\.11\.3"/);
  });
});
