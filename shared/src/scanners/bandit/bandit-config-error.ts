import { DevsecopsError } from '../../errors/devsecops-error';

/** The error for a `tools.bandit.configFile` that cannot be used, saying `what` is wrong with it. */
export function invalidBanditConfig(configFile: string, what: string): DevsecopsError {
  return new DevsecopsError(
    'CONFIG_INVALID',
    `tools.bandit.configFile in .devsecops.yml names ${configFile}, which ${what}: fix the file or the setting.`,
  );
}
