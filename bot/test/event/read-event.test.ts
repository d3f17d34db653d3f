import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDevsecopsError } from '@devsecops/shared/errors';
import { readEvent } from '../../src/event/read-event';

function fixture(name: string): unknown {
  return JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'events', name), 'utf8'));
}

function assertRejected(event: unknown, messagePart: string): void {
  assert.throws(
    () => readEvent(event),
    (error: unknown) =>
      isDevsecopsError(error) && error.code === 'INPUT_INVALID' && error.message.includes(messagePart),
  );
}

function review(event: unknown) {
  const reading = readEvent(event);
  assert.ok(reading.kind === 'review', JSON.stringify(reading));
  return reading.ref;
}

describe('readEvent', () => {
  it('reads the documented pullRequestCreated event', () => {
    assert.deepStrictEqual(readEvent(fixture('pull-request-created.json')), {
      kind: 'review',
      ref: {
        repositoryName: 'MyDemoRepo',
        pullRequestId: '1',
        sourceCommit: '2774290EXAMPLE',
        destinationCommit: '12241970EXAMPLE',
        trigger: 'pullRequestCreated',
      },
    });
  });

  it('reads the documented pullRequestSourceBranchUpdated event', () => {
    assert.deepStrictEqual(review(fixture('pull-request-source-branch-updated.json')), {
      repositoryName: 'MyDemoRepo',
      pullRequestId: '1',
      sourceCommit: '64875001EXAMPLE',
      destinationCommit: '7644990EXAMPLE',
      trigger: 'pullRequestSourceBranchUpdated',
    });
  });

  it('reads a finished PR build from its environment variables (ignoring secret ones), with links to its log and reports', () => {
    assert.deepStrictEqual(review(fixture('codebuild-build-succeeded.json')), {
      repositoryName: 'MyDemoRepo',
      pullRequestId: '1',
      sourceCommit: '64875001EXAMPLE',
      destinationCommit: '7644990EXAMPLE',
      trigger: 'codebuild:SUCCEEDED',
      build: {
        logUrl:
          'https://console.aws.amazon.com/cloudwatch/home?region=us-east-1#logEvent:group=/aws/codebuild/SampleProjectName;stream=ed6aa685-0d76-41da-a7f5-6d8760f41f55',
        reportsUrl:
          'https://us-east-1.console.aws.amazon.com/codesuite/codebuild/123456789012/projects/SampleProjectName' +
          '/build/SampleProjectName%3Aed6aa685-0d76-41da-a7f5-6d8760f41f55/reports?region=us-east-1',
      },
    });
  });

  it('links only into the AWS console: a log link elsewhere or a build id of another shape is dropped', () => {
    const event = fixture('codebuild-build-succeeded.json') as { detail: Record<string, unknown> };
    const info = event.detail['additional-information'] as Record<string, unknown>;
    const withBuild = (buildId: unknown, deepLink: unknown) => ({
      ...event,
      detail: {
        ...event.detail,
        'build-id': buildId,
        'additional-information': { ...info, logs: { 'deep-link': deepLink } },
      },
    });
    const hostile = [
      withBuild(
        'arn:aws:codebuild:us-east-1:123456789012:build/p](https://evil.example):x',
        'https://evil.example/log',
      ),
      withBuild(42, 'https://console.aws.amazon.com.evil.example/log'),
      withBuild(undefined, 'javascript:alert(1)'),
      withBuild('arn:aws:codebuild:us-east-1:123456789012:build/p:not-a-uuid', 'http://console.aws.amazon.com/x'),
    ];
    assert.deepStrictEqual(
      hostile.map((candidate) => review(candidate).build),
      [undefined, undefined, undefined, undefined],
    );
  });

  it('ignores, with the reason, events it does not handle: a closed pull request, approvals, other services', () => {
    const created = fixture('pull-request-created.json') as { detail: Record<string, unknown> };
    assert.deepStrictEqual(
      [
        fixture('pull-request-status-changed.json'),
        { ...created, detail: { ...created.detail, event: 'pullRequestApprovalStateChanged' } },
        { ...created, detail: { ...created.detail, event: 'pullRequestApprovalRuleOverridden' } },
        { ...created, detail: { ...created.detail, pullRequestStatus: 'Closed' } },
        { source: 'aws.s3', 'detail-type': 'Object Created', detail: {} },
      ].map(readEvent),
      [
        {
          kind: 'ignore',
          reason:
            'pull request event "pullRequestStatusChanged" needs no review (only pullRequestCreated and pullRequestSourceBranchUpdated)',
        },
        {
          kind: 'ignore',
          reason:
            'pull request event "pullRequestApprovalStateChanged" needs no review (only pullRequestCreated and pullRequestSourceBranchUpdated)',
        },
        {
          kind: 'ignore',
          reason:
            'pull request event "pullRequestApprovalRuleOverridden" needs no review (only pullRequestCreated and pullRequestSourceBranchUpdated)',
        },
        { kind: 'ignore', reason: 'the pull request is "Closed"' },
        {
          kind: 'ignore',
          reason:
            'source "aws.s3", detail-type "Object Created" is not a pull request or build event: check the EventBridge rules that target the bot',
        },
      ],
    );
  });

  it('ignores builds that are still running or were stopped, and builds not started for a pull request', () => {
    const event = fixture('codebuild-build-succeeded.json') as { detail: Record<string, unknown> };
    assert.deepStrictEqual(
      [
        { ...event, detail: { ...event.detail, 'build-status': 'IN_PROGRESS' } },
        { ...event, detail: { ...event.detail, 'build-status': 'STOPPED' } },
        { ...event, detail: { ...event.detail, 'additional-information': {} } },
      ].map(readEvent),
      [
        {
          kind: 'ignore',
          reason: 'the build is IN_PROGRESS: only a build that SUCCEEDED or FAILED has uploaded complete reports',
        },
        {
          kind: 'ignore',
          reason: 'the build is STOPPED: only a build that SUCCEEDED or FAILED has uploaded complete reports',
        },
        {
          kind: 'ignore',
          reason: 'the build was not started for a pull request (it has none of the pull request variables)',
        },
      ],
    );
  });

  it('rejects what cannot be an event, and handled events that lack what the bot needs', () => {
    assertRejected('hello', 'not a JSON object');
    const created = fixture('pull-request-created.json') as { detail: Record<string, unknown> };
    assertRejected({ ...created, detail: { ...created.detail, sourceCommit: 42 } }, 'detail.sourceCommit');
    assertRejected({ ...created, detail: { ...created.detail, repositoryNames: ['a', 'b'] } }, 'exactly one');
    const build = fixture('codebuild-build-succeeded.json') as { detail: Record<string, unknown> };
    const info = build.detail['additional-information'] as { environment: Record<string, unknown> };
    assertRejected(
      {
        ...build,
        detail: {
          ...build.detail,
          'additional-information': {
            ...info,
            environment: { ...info.environment, 'environment-variables': [{ name: 'pullRequestId', value: '1' }] },
          },
        },
      },
      'the pull request build has no "repositoryName" environment variable',
    );
  });
});
