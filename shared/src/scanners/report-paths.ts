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
  return repoRelativePathsUnder(root)(reportedPath);
}

/** `toRepoRelativePath` for many paths under one root: the root is looked at once, not once a path. */
export function repoRelativePathsUnder(root: string): (reportedPath: string) => string {
  const plainRootSlash = sep === '/' && PLAIN_PATH.test(root) ? `${root}/` : undefined;
  return (reportedPath) => {
    // The usual case, a plain path under a plain root, needs none of the work below (a report lists every file).
    if (plainRootSlash !== undefined && reportedPath.startsWith(plainRootSlash)) {
      const rest = reportedPath.slice(plainRootSlash.length);
      if (PLAIN_RELATIVE_PATH.test(rest)) return rest;
    }
    return generalRepoRelativePath(reportedPath, root);
  };
}

function generalRepoRelativePath(reportedPath: string, root: string): string {
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
