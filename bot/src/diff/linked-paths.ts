/** Links followed while opening one path, as Linux's path resolution follows them (its limit, 40). */
export const MAX_LINKS_FOLLOWED = 40;

/**
 * Path components looked up while opening one path (each costs the caller a request): a path the kernel takes
 * has at most PATH_MAX (4,096) bytes in each of its MAX_LINKS_FOLLOWED links' targets; real configs need a few.
 */
export const MAX_COMPONENTS_LOOKED_UP = 256;

/**
 * Every repository path a reader passes through when it opens `path` in a checkout: each symbolic link met on
 * the way (a link in a folder's place too, `ci` → `config` in `ci/hadolint.yaml`), then the path it ends at,
 * resolved component by component as the kernel resolves it. `linkAt` answers a link's target as written, or
 * undefined when the path is no link (a file, a folder, nothing). A link that leads out of the repository or
 * is absolute ends the walk (nothing a pull request can change lies there), and so does the link after
 * MAX_LINKS_FOLLOWED (the kernel's ELOOP) or the lookup after MAX_COMPONENTS_LOOKED_UP; the paths met until then
 * are returned. So does a path met for which `stopAt` holds: a caller that looks for one changed path stops
 * there, before a changed link's target (which the pull request writes) can make it look up more.
 */
export async function pathsOpenedThrough(
  path: string,
  linkAt: (path: string) => Promise<string | undefined>,
  stopAt: (path: string) => boolean = () => false,
): Promise<string[]> {
  const met: string[] = [];
  const resolved: string[] = [];
  let pending = path.split('/');
  let links = 0;
  let lookups = 0;
  while (pending.length > 0) {
    const [component = '', ...rest] = pending;
    pending = rest;
    if (component === '' || component === '.') continue;
    if (component === '..') {
      if (resolved.length === 0) return met;
      resolved.pop();
      continue;
    }
    const candidate = [...resolved, component].join('/');
    lookups += 1;
    if (lookups > MAX_COMPONENTS_LOOKED_UP) return met;
    const target = await linkAt(candidate);
    if (target === undefined) {
      resolved.push(component);
      continue;
    }
    met.push(candidate);
    if (stopAt(candidate)) return met;
    links += 1;
    if (links > MAX_LINKS_FOLLOWED || target.startsWith('/')) return met;
    // The target is relative to the link's folder, which is what `resolved` holds now.
    pending = [...target.split('/'), ...pending];
  }
  if (resolved.length > 0) met.push(resolved.join('/'));
  return met;
}
