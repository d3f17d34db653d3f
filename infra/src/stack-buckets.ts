import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

export interface StackBucketsProps {
  readonly findingsBucketName?: string;
  readonly artifactBucketName?: string;
  readonly accessLogsBucketName?: string;
  /** Days a report stays in the findings bucket. */
  readonly findingsRetentionDays: number;
}

/** How long an overwritten or deleted object version stays recoverable. */
const NONCURRENT_VERSION_DAYS = 30;
/** Pipeline artifacts and the build cache are working data: a month is plenty to investigate a run. */
const ARTIFACT_DAYS = 30;
/** Server access logs: a year, for audits. */
const ACCESS_LOG_DAYS = 365;

/**
 * The stack's three buckets, all with the same baseline: S3-managed encryption, versioning, every public
 * access blocked, ACLs disabled, TLS (1.2+) required by bucket policy, lifecycle rules, server access logs,
 * and kept when the stack is deleted (they hold the audit trail; README says how to remove them).
 *
 * - findings: what every build uploads under `<repository>/<commit>/` (SARIF, JUnit, run manifest);
 *   the PR bot and `pipeline run --remote` read it.
 * - artifacts: CodePipeline's artifact store and CodeBuild's cache (`codebuild-cache/`).
 * - access logs: the server access logs of the other two.
 */
export class StackBuckets extends Construct {
  readonly findings: s3.IBucket;
  readonly artifacts: s3.IBucket;
  readonly accessLogs: s3.IBucket;

  constructor(scope: Construct, id: string, props: StackBucketsProps) {
    super(scope, id);
    const baseline = {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      versioned: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      removalPolicy: RemovalPolicy.RETAIN,
    } as const;
    const lifecycle = (days: number): s3.LifecycleRule[] => [
      {
        id: `expire-after-${String(days)}-days`,
        expiration: Duration.days(days),
        noncurrentVersionExpiration: Duration.days(NONCURRENT_VERSION_DAYS),
        abortIncompleteMultipartUploadAfter: Duration.days(7),
      },
    ];

    const accessLogs = new s3.Bucket(this, 'AccessLogs', {
      ...baseline,
      ...(props.accessLogsBucketName === undefined ? {} : { bucketName: props.accessLogsBucketName }),
      lifecycleRules: lifecycle(ACCESS_LOG_DAYS),
    });
    // A concrete Bucket, so CDK adds the log-delivery statement to its bucket policy.
    this.accessLogs = asIBucket(accessLogs);
    /** A bucket that logs its server access to the access-logs bucket, under a prefix of its own. */
    const loggedBucket = (id: string, bucketName: string | undefined, logPrefix: string, days: number): s3.IBucket =>
      asIBucket(
        new s3.Bucket(this, id, {
          ...baseline,
          ...(bucketName === undefined ? {} : { bucketName }),
          serverAccessLogsBucket: this.accessLogs,
          serverAccessLogsPrefix: logPrefix,
          lifecycleRules: lifecycle(days),
        }),
      );
    this.findings = loggedBucket('Findings', props.findingsBucketName, 'findings/', props.findingsRetentionDays);
    this.artifacts = loggedBucket('Artifacts', props.artifactBucketName, 'artifacts/', ARTIFACT_DAYS);
  }
}

/**
 * aws-cdk-lib declares `Bucket.isWebsite` as `boolean | undefined`, which this repository's
 * `exactOptionalPropertyTypes` does not accept for `IBucket.isWebsite?: boolean`. A Bucket does implement
 * IBucket: this is the one place that tells the compiler so.
 */
function asIBucket(bucket: s3.Bucket): s3.IBucket {
  return bucket as s3.IBucket;
}
