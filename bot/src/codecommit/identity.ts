import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { STSClient } from '@aws-sdk/client-sts';
import type { BotIdentity, IdentityService } from '../ports';
import { awsCallError } from './aws-errors';

const ASSUMED_ROLE = /^arn:(aws[a-z-]*):sts::(\d{12}):assumed-role\/([^/]+)\/[^/]+$/;
const ROLE = /^arn:(aws[a-z-]*):iam::(\d{12}):role\/(?:[^/]+\/)*([^/]+)$/;

/**
 * The principal behind an ARN: an assumed-role session (`arn:aws:sts::1:assumed-role/Bot/session`) is its
 * role (`arn:aws:iam::1:role/Bot`), whatever the session is called (Lambda names it after the function, a
 * person's CLI after them); a role with a path is its name; anything else is itself.
 */
export function principalOf(arn: string): string {
  const assumed = ASSUMED_ROLE.exec(arn) ?? ROLE.exec(arn);
  if (assumed === null) return arn;
  const [, partition = '', account = '', role = ''] = assumed;
  return `arn:${partition}:iam::${account}:role/${role}`;
}

/** The bot's identity from its ARN: the same principal is the bot (any session of its role). */
export function identityOf(arn: string): BotIdentity {
  const principal = principalOf(arn);
  return { name: arn, isBot: (other) => other !== undefined && principalOf(other) === principal };
}

/** Who the bot is, from STS GetCallerIdentity (needs no IAM permission), asked once. */
export function stsIdentityService(client: STSClient): IdentityService {
  let identity: Promise<BotIdentity> | undefined;
  const ask = async (): Promise<BotIdentity> => {
    try {
      const answer = await client.send(new GetCallerIdentityCommand({}));
      if (answer.Arn === undefined) throw new Error('GetCallerIdentity returned no ARN');
      return identityOf(answer.Arn);
    } catch (error) {
      identity = undefined;
      throw awsCallError(
        { service: 'STS', action: 'find out which identity it runs as', permission: 'sts:GetCallerIdentity' },
        error,
      );
    }
  };
  return {
    whoAmI: () => (identity ??= ask()),
  };
}
