import type { BotIdentity, IdentityService } from '../ports';

/** The identity the local implementations write as, when none is given. */
export const LOCAL_BOT_ARN = 'arn:aws:iam::000000000000:user/devsecops-bot-local';

/** An identity known in advance (tests, the offline `plan` command): the bot is exactly `arn`. */
export function fixedIdentity(arn: string = LOCAL_BOT_ARN): IdentityService {
  const identity: BotIdentity = { name: arn, isBot: (other) => other === arn };
  return { whoAmI: () => Promise.resolve(identity) };
}
