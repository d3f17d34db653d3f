import type { ServiceModel } from './service-model';
import type { ValidationFailure } from './shape-codec';

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/**
 * CodeCommit answers a missing or invalid member with an error named after it
 * (`repositoryName` → `RepositoryNameRequiredException` / `InvalidRepositoryNameException`).
 * The name is derived from the member and used only when the operation declares it;
 * `overrides` covers members whose error name does not follow the rule.
 */
export function memberErrorName(
  model: ServiceModel,
  operation: string,
  failure: ValidationFailure,
  overrides: Readonly<Record<string, string>>,
  fallback: string,
): string {
  const declared = new Set((model.operations.get(operation)?.errors ?? []).map((error) => error.shape));
  const kind = failure.kind === 'required' ? 'required' : failure.kind === 'max' ? 'max' : 'invalid';
  const candidates = [
    overrides[`${failure.member}:${kind}`],
    overrides[`${failure.member}:${failure.kind === 'required' ? 'required' : 'invalid'}`],
    failure.kind === 'required'
      ? `${capitalise(failure.member)}RequiredException`
      : `Invalid${capitalise(failure.member)}Exception`,
  ];
  for (const candidate of candidates) if (candidate !== undefined && declared.has(candidate)) return candidate;
  return fallback;
}
