import assert from 'node:assert/strict';
import { isHashPinnedRequirement } from '../../src/core/core-api';
import { hashedRequirementAdvice } from '../../src/model/hashed-requirement';

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
  ].join('\n');

  it('sees --hash on the line, on its continuation lines, and in either spelling (the core reads it as pip does)', () => {
    assert.deepEqual(
      [1, 2, 5, 6, 8].map((line) => isHashPinnedRequirement(file, line)),
      [true, true, false, false, true],
    );
  });

  it('stops at a line without a continuation, and at the end of the file', () => {
    assert.equal(isHashPinnedRequirement('a==1\n--hash=sha256:x', 1), false);
    assert.equal(isHashPinnedRequirement('a==1 \\', 1), false);
  });

  it('advises generating the file again rather than an edit pip would refuse', () => {
    const advice = hashedRequirementAdvice('requirements.txt', 'jinja2', '2.11.3');
    assert.equal(advice.commandLine, undefined);
    assert.match(advice.message, /^requirements\.txt pins jinja2 with hashes/);
    assert.match(advice.message, /pip-compile --generate-hashes --upgrade-package "jinja2>=2\.11\.3"/);
  });
});
