import { isAbsolute, posix, relative, sep } from 'node:path';

/** An absolute path without `.` or `..` segments, empty segments, a trailing slash or backslashes. */
const PLAIN_PATH = /^(?:\/(?!\.\.?(?:\/|$))[^/\\]+)+$/;
/** The same, relative; not starting with `..` (the general path below treats any such start as a climb). */
const PLAIN_RELATIVE_PATH = /^(?!\.\.|\.(?:\/|$))[^/\\]+(?:\/(?!\.\.?(?:\/|$))[^/\\]+)*$/;

/**
 * Turns a path as a tool printed it into the repository-relative POSIX form
 * findings use. Absolute paths under `root` are made relative; `./` prefixes
 * and backslashes go. A path outside `root` (a report produced on another
 * machine, e.g. inside a container) keeps its shape minus the leading slash,
 * so it stays readable and never looks absolute; likewise a relative path that
 * climbs out (`../../etc/passwd`) loses the climb, so no finding points outside
 * the repository and nothing is read there for it. Never empty: the repository
 * itself is `.`.
 */
export function toRepoRelativePath(reportedPath: string, root: string): string {
  // The usual case, a plain path under a plain root, needs none of the work below (a report lists every file).
  if (sep === '/' && PLAIN_PATH.test(root) && reportedPath.startsWith(`${root}/`)) {
    const rest = reportedPath.slice(root.length + 1);
    if (PLAIN_RELATIVE_PATH.test(rest)) return rest;
  }
  let path = reportedPath;
  if (isAbsolute(path) || path.startsWith('/')) {
    const fromRoot = relative(root, path);
    if (fromRoot === '') path = '.';
    else if (!fromRoot.startsWith('..') && !isAbsolute(fromRoot)) path = fromRoot;
  }
  path = path.split(sep).join('/').replace(/\\/g, '/');
  path = posix.normalize(path);
  while (path.startsWith('./')) path = path.slice(2);
  path = path.replace(/^\/+/, '');
  // normalize() leaves `..` only at the start.
  while (path === '..' || path.startsWith('../')) path = path.slice(3);
  return path === '' ? '.' : path;
}
