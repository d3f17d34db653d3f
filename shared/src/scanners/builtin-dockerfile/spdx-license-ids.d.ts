// `spdx-license-ids` ships a JSON list of SPDX license identifiers without type declarations.
declare module 'spdx-license-ids' {
  const ids: readonly string[];
  export default ids;
}
