// @devsecops/shared/json: Parsed JSON and YAML values: telling an object from an array, a scalar or null.
export { isJsonObject } from './json/json-object';
