/** PEP 508 project name: letters, digits, `.`, `_`, `-`; starts and ends with a letter or digit. */
const PROJECT_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$/;

/** True when `name` is a valid PEP 508 project name. */
export function isValidPackageName(name: string): boolean {
  return PROJECT_NAME.test(name);
}

/** PEP 503 normalised name: lower case, runs of `-`, `_`, `.` become one `-` (`Foo_Bar` → `foo-bar`). */
export function normalizePackageName(name: string): string {
  return name.replace(/[-_.]+/g, '-').toLowerCase();
}
