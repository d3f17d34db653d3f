/**
 * CDK feature flags this app is written for, set on the App itself (not only in cdk.json) so the tests
 * synthesize exactly what `cdk synth` does.
 */
export const APP_CONTEXT: Readonly<Record<string, unknown>> = {
  // Access-log delivery through a bucket policy, not the legacy LogDeliveryWrite ACL (ACLs are disabled).
  '@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy': true,
  // The source action's default branch is main (we always set it; this keeps CDK from warning).
  '@aws-cdk/aws-codecommit:codecommitSourceActionDefaultBranchName': true,
  // SDK-call custom resources use the Lambda runtime's SDK: no npm install at deploy time.
  '@aws-cdk/customresources:installLatestAwsSdkDefault': false,
  // Log groups the stack creates get the retention we set, and nothing else creates them behind our back.
  '@aws-cdk/aws-lambda:useCdkManagedLogGroup': false,
  // One IAM policy per role, in the order written.
  '@aws-cdk/aws-iam:minimizePolicies': false,
};
