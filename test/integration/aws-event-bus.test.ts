import { deepStrictEqual, strictEqual, throws } from 'node:assert/strict';
import {
  CreateBranchCommand,
  CreatePullRequestCommand,
  CreateRepositoryCommand,
  PutFileCommand,
} from '@aws-sdk/client-codecommit';
import { createCodeCommitClient } from '@devsecops/shared/aws';
import { startAwsEmulator, type AwsEmulator } from '../aws-emulator/emulator';
import { EventBus, transformInput, type AwsEvent } from '../aws-emulator/events/event-bus';
import { matchesEventPattern } from '../aws-emulator/events/event-pattern';
import { emulatorSettings } from '../aws-emulator/testing';

const PR_EVENT: AwsEvent = {
  version: '0',
  id: 'e1',
  'detail-type': 'CodeCommit Pull Request State Change',
  source: 'aws.codecommit',
  account: '123456789012',
  time: '2026-12-02T07:00:00Z',
  region: 'us-east-1',
  resources: ['arn:aws:codecommit:us-east-1:123456789012:todo-app'],
  detail: {
    event: 'pullRequestCreated',
    pullRequestStatus: 'Open',
    pullRequestId: '7',
    sourceCommit: 'a'.repeat(40),
    repositoryNames: ['todo-app'],
    size: 12,
    title: 'Fix "quotes"',
  },
};

describe('EventBridge event patterns (the emulator matcher)', () => {
  it('matches exact values, alternatives, nested fields and array-valued fields', () => {
    const pattern = {
      source: ['aws.codecommit'],
      'detail-type': ['CodeCommit Pull Request State Change'],
      resources: ['arn:aws:codecommit:us-east-1:123456789012:todo-app'],
      detail: { event: ['pullRequestCreated', 'pullRequestSourceBranchUpdated'], pullRequestStatus: ['Open'] },
    };
    strictEqual(matchesEventPattern(pattern, PR_EVENT), true);
    strictEqual(
      matchesEventPattern({ ...pattern, resources: ['arn:aws:codecommit:us-east-1:123456789012:other'] }, PR_EVENT),
      false,
    );
    strictEqual(matchesEventPattern({ detail: { event: ['pullRequestMergeStatusUpdated'] } }, PR_EVENT), false);
    strictEqual(matchesEventPattern({ detail: { missing: ['x'] } }, PR_EVENT), false);
    strictEqual(matchesEventPattern({ detail: { repositoryNames: ['todo-app'] } }, PR_EVENT), true);
  });

  it('applies content filters: prefix, suffix, equals-ignore-case, wildcard, anything-but, numeric, exists, $or', () => {
    const cases: [unknown, boolean][] = [
      [{ detail: { event: [{ prefix: 'pullRequest' }] } }, true],
      [{ detail: { event: [{ suffix: 'Updated' }] } }, false],
      [{ detail: { event: [{ 'equals-ignore-case': 'PULLREQUESTCREATED' }] } }, true],
      [{ detail: { title: [{ wildcard: 'Fix *' }] } }, true],
      [{ detail: { title: [{ wildcard: 'Fix' }] } }, false],
      [{ detail: { event: [{ 'anything-but': ['pullRequestCreated'] }] } }, false],
      [{ detail: { event: [{ 'anything-but': { prefix: 'reference' } }] } }, true],
      [{ detail: { size: [{ numeric: ['>', 10, '<=', 12] }] } }, true],
      [{ detail: { size: [{ numeric: ['<', 10] }] } }, false],
      [{ detail: { size: [{ exists: true }], absent: [{ exists: false }] } }, true],
      [{ detail: { event: [{ exists: false }] } }, false],
      [{ $or: [{ detail: { event: ['nope'] } }, { detail: { pullRequestId: ['7'] } }] }, true],
      [{ detail: { size: ['12'] } }, false],
    ];
    deepStrictEqual(
      cases.map(([pattern]) => matchesEventPattern(pattern, PR_EVENT)),
      cases.map(([, expected]) => expected),
    );
  });

  it('refuses patterns EventBridge would refuse, instead of matching nothing', () => {
    throws(() => matchesEventPattern({}, PR_EVENT), /non-empty JSON object/);
    throws(() => matchesEventPattern({ source: 'aws.codecommit' }, PR_EVENT), /must be a list or an object/);
    throws(() => matchesEventPattern({ source: [] }, PR_EVENT), /empty list/);
    throws(() => matchesEventPattern({ source: [{ cidr: '10.0.0.0/8' }] }, PR_EVENT), /unsupported content filter/);
  });
});

describe('EventBridge input transformer and rule dispatch (the emulator bus)', () => {
  it('fills a JSON template: bare placeholders as JSON, quoted ones as text, missing paths as null', () => {
    const input = transformInput(
      {
        inputPathsMap: { id: '$.detail.pullRequestId', title: '$.detail.title', none: '$.detail.nothing' },
        inputTemplate: '{"sourceVersion":<id>,"text":"PR <id>: <title>","name":"<title>","missing":<none>}',
      },
      PR_EVENT,
    );
    deepStrictEqual(input, { sourceVersion: '7', text: 'PR 7: Fix "quotes"', name: 'Fix "quotes"', missing: null });
  });

  it('delivers an event to every target of every matching rule, recording results and errors', async () => {
    const bus = new EventBus({ account: '123456789012', region: 'us-east-1' });
    const seen: unknown[] = [];
    bus.putRule({
      name: 'matching',
      eventPattern: { source: ['aws.codecommit'] },
      targets: [
        { id: 'ok', deliver: (input) => Promise.resolve(seen.push(input)) },
        {
          id: 'failing',
          deliver: () => Promise.reject(new Error('target down')),
        },
      ],
    });
    bus.putRule({ name: 'other', eventPattern: { source: ['aws.codebuild'] }, targets: [] });
    throws(() => bus.putRule({ name: 'bad', eventPattern: { source: 'x' }, targets: [] }), /must be a list/);
    const event = bus.put({ source: 'aws.codecommit', detailType: 'X', resources: [], detail: { a: 1 } });
    await bus.settle();
    deepStrictEqual(seen, [event]);
    deepStrictEqual(
      bus.deliveries.map((delivery) => [delivery.rule, delivery.target, delivery.result, delivery.error]),
      [
        ['matching', 'ok', 1, undefined],
        ['matching', 'failing', undefined, 'target down'],
      ],
    );
  });
});

describe('the emulator emits CodeCommit events', function () {
  this.timeout(60_000);
  let emulator: AwsEmulator;
  before(async () => {
    emulator = await startAwsEmulator();
  });
  after(() => emulator.close());

  it('referenceCreated/referenceUpdated on pushes, pullRequestCreated, and pullRequestSourceBranchUpdated when the source moves', async () => {
    const client = createCodeCommitClient(emulatorSettings(emulator));
    try {
      await client.send(new CreateRepositoryCommand({ repositoryName: 'events' }));
      const first = await client.send(
        new PutFileCommand({
          repositoryName: 'events',
          branchName: 'main',
          filePath: 'a.txt',
          fileContent: Buffer.from('a'),
        }),
      );
      await client.send(
        new CreateBranchCommand({ repositoryName: 'events', branchName: 'topic', commitId: first.commitId }),
      );
      const second = await client.send(
        new PutFileCommand({
          repositoryName: 'events',
          branchName: 'topic',
          parentCommitId: first.commitId,
          filePath: 'b.txt',
          fileContent: Buffer.from('b'),
        }),
      );
      const created = await client.send(
        new CreatePullRequestCommand({
          title: 'Topic',
          targets: [{ repositoryName: 'events', sourceReference: 'topic', destinationReference: 'main' }],
          clientRequestToken: 'events-1',
        }),
      );
      const third = await client.send(
        new PutFileCommand({
          repositoryName: 'events',
          branchName: 'topic',
          parentCommitId: second.commitId,
          filePath: 'c.txt',
          fileContent: Buffer.from('c'),
        }),
      );
      const summary = emulator.events.events.map((event) => [
        event['detail-type'],
        event.detail['event'],
        event.detail['referenceName'] ?? event.detail['pullRequestId'],
        event.detail['commitId'] ?? event.detail['sourceCommit'],
      ]);
      deepStrictEqual(summary, [
        ['CodeCommit Repository State Change', 'referenceCreated', 'main', first.commitId],
        ['CodeCommit Repository State Change', 'referenceCreated', 'topic', first.commitId],
        ['CodeCommit Repository State Change', 'referenceUpdated', 'topic', second.commitId],
        [
          'CodeCommit Pull Request State Change',
          'pullRequestCreated',
          created.pullRequest?.pullRequestId,
          second.commitId,
        ],
        ['CodeCommit Repository State Change', 'referenceUpdated', 'topic', third.commitId],
        [
          'CodeCommit Pull Request State Change',
          'pullRequestSourceBranchUpdated',
          created.pullRequest?.pullRequestId,
          third.commitId,
        ],
      ]);
      deepStrictEqual(emulator.events.events[2]?.resources, ['arn:aws:codecommit:us-east-1:123456789012:events']);
    } finally {
      client.destroy();
    }
  });
});
