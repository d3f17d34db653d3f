/** Items (findings) grouped by their location's repository-relative path, in first-seen order. */
export function groupByPath<T extends { readonly location: { readonly path: string } }>(
  items: readonly T[],
): Map<string, T[]> {
  const grouped = new Map<string, T[]>();
  for (const item of items) {
    const group = grouped.get(item.location.path);
    if (group) group.push(item);
    else grouped.set(item.location.path, [item]);
  }
  return grouped;
}
