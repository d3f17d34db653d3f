import { isJsonObject, parseToolJson, stringField } from '../json-output';

/**
 * Every file name a Bandit JSON report mentions as read (its `metrics` keys) or failed (`errors`), exactly
 * as Bandit printed them. A file we gave Bandit that is in neither was silently left out (an exclude in the
 * user's arguments, a Bandit bug): the scan must say so rather than pass it. Empty for text that is not a
 * report (parseBanditReport reports that).
 */
export function banditReportedFiles(text: string): ReadonlySet<string> {
  const files = new Set<string>();
  let document: unknown;
  try {
    document = parseToolJson(text);
  } catch {
    return files;
  }
  if (!isJsonObject(document)) return files;
  const metrics = document['metrics'];
  if (isJsonObject(metrics)) for (const file of Object.keys(metrics)) if (file !== '_totals') files.add(file);
  const errors = document['errors'];
  if (Array.isArray(errors)) {
    for (const error of errors) {
      const file = isJsonObject(error) ? stringField(error, 'filename') : undefined;
      if (file !== undefined) files.add(file);
    }
  }
  return files;
}
