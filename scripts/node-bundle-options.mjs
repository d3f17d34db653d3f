// The esbuild options every package's build shares: one CommonJS file for Node 20 with its dependencies
// inside, so each artefact runs the same from a terminal, in Lambda, in CodeBuild and in tests.
export const NODE_BUNDLE_OPTIONS = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  logLevel: 'warning',
};
