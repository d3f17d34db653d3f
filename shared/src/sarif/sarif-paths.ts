import { posix } from 'node:path';
import { isJsonObject } from '../json/json-object';
import { toRepoRelativePath } from '../scanners/report-paths';

type JsonObject = Record<string, unknown>;

/** `file:`, `https:`…: a URI scheme (two letters at least, so `C:` drive letters are not one). */
const SCHEME = /^[a-z][a-z0-9+.-]+:/i;

/** How deep `originalUriBaseIds` may refer to each other before we stop following. */
const MAX_BASE_DEPTH = 8;

/**
 * The repository-relative path of a result's artifactLocation: the URI (or the
 * one of the run's `artifacts[index]`) is percent-decoded, resolved against
 * its `uriBaseId`, stripped of `file://` and made relative to `root`.
 *
 * A relative URI with a base that lies outside `root` (a report made on another
 * machine, e.g. `%SRCROOT%` = file:///codebuild/src/) is taken as relative to
 * the repository, which is what a uriBaseId is for. An absolute path outside
 * `root` keeps its shape minus the leading slash.
 */
export function resolveResultPath(artifactLocation: JsonObject, run: JsonObject, root: string | undefined): string {
  let uri = stringAt(artifactLocation, 'uri');
  let baseId = stringAt(artifactLocation, 'uriBaseId');
  const index = artifactLocation['index'];
  if (typeof index === 'number') {
    const artifacts = run['artifacts'];
    const artifact: unknown = Array.isArray(artifacts) ? artifacts[index] : undefined;
    const location = isJsonObject(artifact) ? artifact['location'] : undefined;
    if (isJsonObject(location)) {
      uri ??= stringAt(location, 'uri');
      baseId ??= stringAt(location, 'uriBaseId');
    }
  }
  if (uri === undefined || uri === '') return '.';

  if (SCHEME.test(uri)) return normalise(absolutePathOfUri(uri), root);
  const relativePath = decode(uri);
  if (relativePath.startsWith('/')) return normalise(relativePath, root);
  const base = baseId === undefined ? undefined : resolveBase(baseId, run, 0);
  if (base === undefined) return normalise(relativePath, undefined);
  if (base.absolute !== undefined && root !== undefined) {
    const underRoot = relativeIfUnder(posix.join(base.absolute, relativePath), root);
    if (underRoot !== undefined) return underRoot;
  }
  return normalise(posix.join(base.relative, relativePath), undefined);
}

/**
 * A uriBaseId's folder: `absolute` when its chain of bases ends in an absolute
 * URI, and `relative`, the part of the chain below that top base (`app/` for
 * APP = app/ under SRC = file:///home/dev/repo/).
 */
interface ResolvedBase {
  readonly absolute?: string;
  readonly relative: string;
}

function resolveBase(id: string, run: JsonObject, depth: number): ResolvedBase | undefined {
  const bases = run['originalUriBaseIds'];
  const entry = isJsonObject(bases) ? bases[id] : undefined;
  if (!isJsonObject(entry)) return undefined;
  const uri = stringAt(entry, 'uri');
  if (uri === undefined) return undefined;
  if (SCHEME.test(uri)) return { absolute: absolutePathOfUri(uri), relative: '' };
  const decoded = decode(uri);
  if (decoded.startsWith('/')) return { absolute: decoded, relative: '' };
  const parentId = stringAt(entry, 'uriBaseId');
  const parent = parentId === undefined || depth >= MAX_BASE_DEPTH ? undefined : resolveBase(parentId, run, depth + 1);
  if (parent === undefined) return { relative: decoded };
  return {
    ...(parent.absolute === undefined ? {} : { absolute: posix.join(parent.absolute, decoded) }),
    relative: posix.join(parent.relative, decoded),
  };
}

/** `file:///a%20b/c.py` → `/a b/c.py`; `file:///C:/x` → `C:/x`; other schemes keep host and path. */
function absolutePathOfUri(uri: string): string {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return decode(uri.replace(SCHEME, ''));
  }
  if (url.protocol !== 'file:') return decode(`${url.host}${url.pathname}`);
  const path = decode(url.pathname);
  return /^\/[a-z]:\//i.test(path) ? path.slice(1) : path;
}

function relativeIfUnder(absolute: string, root: string): string | undefined {
  const relative = posix.relative(root.replace(/\\/g, '/'), absolute);
  return relative === '' || relative.startsWith('..') || posix.isAbsolute(relative) ? undefined : relative;
}

function normalise(path: string, root: string | undefined): string {
  const relative = toRepoRelativePath(path, root ?? '/');
  return relative === '' ? '.' : relative;
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text; // Not validly percent-encoded: take it literally.
  }
}

function stringAt(object: JsonObject, key: string): string | undefined {
  const value = object[key];
  return typeof value === 'string' ? value : undefined;
}
