import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDevsecopsError } from '@devsecops/shared';
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

describe('readEvent', () => {
  it('reads the documented pullRequestCreated event', () => {
    assert.deepStrictEqual(readEvent(fixture('pull-request-created.json')), {
      repositoryName: 'MyDemoRepo',
      pullRequestId: '1',
      sourceCommit: '2774290EXAMPLE',
      destinationCommit: '12241970EXAMPLE',
      trigger: 'pullRequestCreated',
    });
  });

  it('reads the documented pullRequestSourceBranchUpdated event', () => {
    assert.deepStrictEqual(readEvent(fixture('pull-request-source-branch-updated.json')), {
      repositoryName: 'MyDemoRepo',
      pullRequestId: '1',
      sourceCommit: '64875001EXAMPLE',
      destinationCommit: '7644990EXAMPLE',
      trigger: 'pullRequestSourceBranchUpdated',
    });
  });

  it('reads a finished PR build from its environment variables, ignoring secret ones', () => {
    assert.deepStrictEqual(readEvent(fixture('codebuild-build-succeeded.json')), {
      repositoryName: 'MyDemoRepo',
      pullRequestId: '1',
      sourceCommit: '64875001EXAMPLE',
      destinationCommit: '7644990EXAMPLE',
      trigger: 'codebuild:SUCCEEDED',
    });
  });

  it('rejects a pull request status change (closed PR) with the reason', () => {
    assertRejected(fixture('pull-request-status-changed.json'), 'detail.event is "pullRequestStatusChanged"');
  });

  it('rejects a build that is still running', () => {
    const event = fixture('codebuild-build-succeeded.json') as { detail: Record<string, unknown> };
    assertRejected({ ...event, detail: { ...event.detail, 'build-status': 'IN_PROGRESS' } }, 'IN_PROGRESS');
  });

  it('rejects a build not started for a pull request', () => {
    const event = fixture('codebuild-build-succeeded.json') as { detail: Record<string, unknown> };
    assertRejected({ ...event, detail: { ...event.detail, 'additional-information': {} } }, '"repositoryName"');
  });

  it('rejects events of other services, non-objects and events missing fields', () => {
    assertRejected({ source: 'aws.s3', 'detail-type': 'Object Created', detail: {} }, 'source "aws.s3"');
    assertRejected('hello', 'not a JSON object');
    const created = fixture('pull-request-created.json') as { detail: Record<string, unknown> };
    assertRejected({ ...created, detail: { ...created.detail, sourceCommit: 42 } }, 'detail.sourceCommit');
    assertRejected({ ...created, detail: { ...created.detail, repositoryNames: ['a', 'b'] } }, 'exactly one');
  });
});
