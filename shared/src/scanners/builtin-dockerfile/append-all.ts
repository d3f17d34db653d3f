/**
 * Appends every item of `items` to `target`. `target.push(...items)` passes each
 * item as a call argument and throws "Maximum call stack size exceeded" past
 * roughly 100k items, which a large generated Dockerfile reaches.
 */
export function appendAll<T>(target: T[], items: Iterable<T>): void {
  for (const item of items) target.push(item);
}
