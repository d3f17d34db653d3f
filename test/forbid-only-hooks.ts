/**
 * The part of Mocha's hook context used here: the hook, whose parent is the root suite. `hasOnly` is
 * Mocha's (since 7) but not in its published types.
 */
interface RootHookContext {
  readonly test?:
    { readonly parent?: { readonly title: string; readonly hasOnly?: () => boolean } | undefined } | undefined;
}

/**
 * Mocha root hooks that fail a run holding a `.only`, for runners that build their own Mocha and drop
 * `forbidOnly`: Stryker's mocha runner passes on only `ui`, `grep` and `async-only` of its mochaOptions. A
 * stray `.only` in a mutation group's tests would otherwise kill mutants against one test and report a
 * score the other tests never earned.
 */
export const mochaHooks = {
  beforeAll(this: RootHookContext): void {
    const rootSuite = this.test?.parent;
    if (rootSuite?.hasOnly?.() === true) {
      throw new Error('A test or suite is marked .only: remove it, this run must run every test.');
    }
  },
};
