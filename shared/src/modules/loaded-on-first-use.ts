/**
 * A dependency loaded the first time it is used rather than when the program starts. Give it a thunk
 * holding a literal `require('name')`: the bundler still bundles the dependency, but evaluates it only when
 * the thunk runs. For libraries only some commands need (a CVSS calculator, a Dockerfile parser, an
 * unzipper), whose evaluation every start of the CLI would otherwise pay, a SAST scan included.
 */
export function loadedOnFirstUse<T>(load: () => T): () => T {
  let loaded: { readonly value: T } | undefined;
  return () => (loaded ??= { value: load() }).value;
}
