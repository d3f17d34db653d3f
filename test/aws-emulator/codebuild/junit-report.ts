import { XMLParser } from 'fast-xml-parser';

/** One test case as CodeBuild's DescribeTestCases reports it. */
export interface JunitTestCase {
  /** The test's class or suite (CodeBuild's `prefix`). */
  readonly prefix: string;
  readonly name: string;
  /** `SUCCEEDED`, `FAILED`, `ERROR` or `SKIPPED`. */
  readonly status: 'SUCCEEDED' | 'FAILED' | 'ERROR' | 'SKIPPED';
  /** Duration in nanoseconds (JUnit `time` is seconds). */
  readonly durationInNanoSeconds: number;
  /** Failure or error message, when there is one. */
  readonly message?: string;
}

type XmlNode = Record<string, unknown>;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  isArray: (name) => ['testsuite', 'testcase', 'failure', 'error', 'skipped'].includes(name),
});

function attribute(node: XmlNode, name: string): string | undefined {
  const value = node[`@${name}`];
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}

function firstMessage(nodes: unknown): string | undefined {
  if (!Array.isArray(nodes) || nodes.length === 0) return undefined;
  const first = nodes[0] as unknown;
  if (typeof first === 'string') return first;
  if (typeof first === 'object' && first !== null) {
    const node = first as XmlNode;
    return attribute(node, 'message') ?? (typeof node['#text'] === 'string' ? node['#text'] : undefined);
  }
  return undefined;
}

/** The test cases of a JUnit XML file (`<testsuites>` or a lone `<testsuite>`), in document order. */
export function parseJunitXml(xml: string): JunitTestCase[] {
  const document = parser.parse(xml) as XmlNode;
  const root = (document['testsuites'] ?? document) as XmlNode;
  const suites = (root['testsuite'] as XmlNode[] | undefined) ?? [];
  const cases: JunitTestCase[] = [];
  for (const suite of suites) {
    for (const testCase of (suite['testcase'] as XmlNode[] | undefined) ?? []) {
      const failure = firstMessage(testCase['failure']);
      const error = firstMessage(testCase['error']);
      const skipped = Array.isArray(testCase['skipped']);
      const status = testCase['failure'] ? 'FAILED' : testCase['error'] ? 'ERROR' : skipped ? 'SKIPPED' : 'SUCCEEDED';
      const seconds = Number(attribute(testCase, 'time') ?? '0');
      const message = failure ?? error;
      cases.push({
        prefix: attribute(testCase, 'classname') ?? attribute(suite, 'name') ?? '',
        name: attribute(testCase, 'name') ?? '',
        status,
        durationInNanoSeconds: Number.isFinite(seconds) ? Math.round(seconds * 1e9) : 0,
        ...(message === undefined ? {} : { message }),
      });
    }
  }
  return cases;
}
