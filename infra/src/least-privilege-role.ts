import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';

export interface LeastPrivilegeRoleProps {
  readonly assumedBy: iam.IPrincipal;
  readonly description: string;
  /** Every permission the role has, exactly. */
  readonly statements: readonly iam.PolicyStatement[];
}

/**
 * A role whose permissions are exactly the statements given, in one named policy.
 *
 * CDK's constructs grant what they think a role needs when they are handed a mutable role (CodeBuild,
 * CodePipeline and S3 grants use wildcard actions such as `s3:GetObject*` and `s3:List*`). They get
 * `role` instead (`withoutPolicyUpdates()`), which ignores those grants, so what this stack allows is
 * only what is written here and asserted by the template tests.
 */
export class LeastPrivilegeRole extends Construct {
  /** Hand this to constructs: their automatic grants are dropped. */
  readonly role: iam.IRole;
  /** The underlying role, for ARNs, names and principals. */
  readonly mutableRole: iam.Role;
  readonly policy: iam.Policy;

  constructor(scope: Construct, id: string, props: LeastPrivilegeRoleProps) {
    super(scope, id);
    this.mutableRole = new iam.Role(this, 'Role', { assumedBy: props.assumedBy, description: props.description });
    this.policy = new iam.Policy(this, 'Policy', { statements: [...props.statements], roles: [this.mutableRole] });
    this.role = this.mutableRole.withoutPolicyUpdates();
  }

  /** Adds statements that need resources created after the role (e.g. the role it must be allowed to assume). */
  addStatements(...statements: iam.PolicyStatement[]): void {
    this.policy.addStatements(...statements);
  }
}
