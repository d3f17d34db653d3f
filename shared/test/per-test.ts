/**
 * Mocha hooks for a value each test gets afresh (a temporary folder, a fake tool): `setUp` runs before each
 * test of the suite that calls this, `tearDown` after it. The returned function reads the running test's value.
 */
export function perTest<T>(setUp: () => T, tearDown: (value: T) => void): () => T {
  let current: { readonly value: T } | undefined;
  beforeEach(() => {
    current = { value: setUp() };
  });
  afterEach(() => {
    const ended = current;
    current = undefined;
    if (ended !== undefined) tearDown(ended.value);
  });
  return () => {
    if (current === undefined) throw new Error('perTest: read inside a test (after its beforeEach)');
    return current.value;
  };
}
