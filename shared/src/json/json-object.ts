/**
 * A JSON (or YAML) object: not an array, not null. What every reader of parsed input checks before it
 * looks up a key, so a report, a config file or a request that holds a list or a scalar where an object
 * belongs is refused rather than read as an object.
 */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
