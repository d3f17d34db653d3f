import assert from 'node:assert/strict';
import { BUILTIN_DOCKERFILE_TOOL, BUILTIN_SCA_TOOL } from '@devsecops/shared/engines';
import { BUILTIN_DOCKERFILE_TOOL_NAME, BUILTIN_SCA_TOOL_NAME, bufferKindOf } from '../../src/model/buffer-kind';

describe('bufferKindOf', () => {
  it('names the engines by the core’s own tool names (kept apart so activation does not load the core)', () => {
    assert.equal(BUILTIN_DOCKERFILE_TOOL_NAME, BUILTIN_DOCKERFILE_TOOL);
    assert.equal(BUILTIN_SCA_TOOL_NAME, BUILTIN_SCA_TOOL);
  });

  it('tells Python, Dockerfiles and requirements files apart by path or language', () => {
    const kinds = [
      'app/main.py',
      'Dockerfile',
      'docker/api.Dockerfile',
      'requirements-dev.txt',
      'requirements/base.txt',
      'notes.txt',
      'README.md',
    ].map((path) => bufferKindOf(path));
    assert.deepEqual(kinds, [
      'python',
      'dockerfile',
      'dockerfile',
      'requirements',
      'requirements',
      undefined,
      undefined,
    ]);
    assert.equal(bufferKindOf('scripts/run', 'python'), 'python');
    assert.equal(bufferKindOf('build/image', 'dockerfile'), 'dockerfile');
  });
});
