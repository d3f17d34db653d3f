import { strictEqual } from 'node:assert/strict';
import { DevsecopsError, isDevsecopsError, toDevsecopsError } from '../../src/errors/devsecops-error';

/** What a DevsecopsError thrown by a second bundle of this code looks like: same shape, another class. */
class OtherBundleDevsecopsError extends Error {
  override readonly name = 'DevsecopsError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

describe('DevsecopsError', () => {
  it('is recognised when thrown by another bundle of this code', () => {
    const foreign = new OtherBundleDevsecopsError('AWS', 'Set AWS_REGION.');
    strictEqual(isDevsecopsError(foreign), true);
    strictEqual(toDevsecopsError(foreign), foreign);
  });

  it('does not mistake other errors for one', () => {
    strictEqual(isDevsecopsError(new Error('boom')), false);
    strictEqual(isDevsecopsError({ name: 'DevsecopsError', code: 'AWS', message: 'not an Error' }), false);
    const wrapped = toDevsecopsError(new TypeError('boom'), 'TOOL_FAILED');
    strictEqual(wrapped instanceof DevsecopsError, true);
    strictEqual(wrapped.code, 'TOOL_FAILED');
    strictEqual(wrapped.message, 'boom');
  });
});
