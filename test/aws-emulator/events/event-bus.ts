// An EventBridge-like default event bus for the emulator: services put events on it, rules (an event pattern and
// targets) receive the ones they match, each target with the event or with the input its InputTransformer makes.
// What a target does is the caller's (start a build, invoke a function, start a pipeline): the bus only routes.
import { matchesEventPattern } from './event-pattern';

/** An event as EventBridge delivers it (the envelope of every AWS service event). */
export interface AwsEvent {
  readonly version: '0';
  readonly id: string;
  readonly 'detail-type': string;
  readonly source: string;
  readonly account: string;
  readonly time: string;
  readonly region: string;
  readonly resources: readonly string[];
  readonly detail: Readonly<Record<string, unknown>>;
}

/** EventBridge's InputTransformer: JSON paths into the event, and a template that uses them as `<name>`. */
export interface InputTransformer {
  readonly inputPathsMap?: Readonly<Record<string, string>>;
  readonly inputTemplate: string;
}

export interface EventTarget {
  readonly id: string;
  readonly inputTransformer?: InputTransformer;
  /** Receives the event, or the transformed input (parsed when it is JSON). */
  readonly deliver: (input: unknown) => Promise<unknown>;
}

export interface EventRule {
  readonly name: string;
  readonly eventPattern: unknown;
  readonly targets: readonly EventTarget[];
}

/** One delivery of one event to one target, as a test inspects it. */
export interface EventDelivery {
  readonly rule: string;
  readonly target: string;
  readonly event: AwsEvent;
  readonly input: unknown;
  readonly startedAt: number;
  endedAt?: number;
  result?: unknown;
  error?: string;
}

/** `$.detail.pullRequestId` → the value in the event (only the dotted-path subset of JSONPath). */
function readPath(event: unknown, path: string): unknown {
  if (path === '$') return event;
  if (!path.startsWith('$.')) throw new Error(`InputPathsMap: ${path} is not a $.dotted.path`);
  let value: unknown = event;
  for (const part of path.slice(2).split('.')) {
    value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[part] : undefined;
  }
  return value;
}

/**
 * The transformed input. As EventBridge does for a JSON template: a `<name>` inside a string literal gets the
 * value's text (escaped for JSON), a `<name>` outside one the value as JSON (strings quoted); a missing path gives
 * null. `<aws.events.event.json>` is the whole event. A template that is not JSON stays text.
 */
export function transformInput(transformer: InputTransformer, event: AwsEvent): unknown {
  const values = new Map<string, unknown>(
    Object.entries(transformer.inputPathsMap ?? {}).map(([name, path]) => [name, readPath(event, path)]),
  );
  values.set('aws.events.event.json', event);
  const template = transformer.inputTemplate;
  let text = '';
  let inString = false;
  for (let index = 0; index < template.length; index += 1) {
    const character = template[index] ?? '';
    if (inString && character === '\\') {
      text += template.slice(index, index + 2);
      index += 1;
      continue;
    }
    if (character === '"') inString = !inString;
    const placeholder = character === '<' ? /^<([A-Za-z0-9_.-]+)>/.exec(template.slice(index)) : null;
    const name = placeholder?.[1];
    if (placeholder === null || name === undefined || !values.has(name)) {
      text += character;
      continue;
    }
    const value = values.get(name) ?? null;
    text += inString
      ? JSON.stringify(typeof value === 'string' ? value : JSON.stringify(value)).slice(1, -1)
      : JSON.stringify(value);
    index += placeholder[0].length - 1;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

export class EventBus {
  private readonly rules = new Map<string, EventRule>();
  private readonly pending = new Set<Promise<void>>();
  private nextId = 1;
  /** Every event put on the bus, oldest first. */
  readonly events: AwsEvent[] = [];
  /** Every delivery to a target, oldest first. */
  readonly deliveries: EventDelivery[] = [];

  constructor(private readonly where: { readonly account: string; readonly region: string }) {}

  putRule(rule: EventRule): void {
    // A pattern EventBridge would refuse fails here, at PutRule, not silently at the first event.
    matchesEventPattern(rule.eventPattern, {});
    this.rules.set(rule.name, rule);
  }

  /** Puts a service event on the bus (envelope filled in) and starts its deliveries; returns the event. */
  put(event: {
    source: string;
    detailType: string;
    resources: readonly string[];
    detail: Record<string, unknown>;
  }): AwsEvent {
    const full: AwsEvent = {
      version: '0',
      id: `00000000-0000-4000-8000-${String(this.nextId++).padStart(12, '0')}`,
      'detail-type': event.detailType,
      source: event.source,
      account: this.where.account,
      time: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
      region: this.where.region,
      resources: event.resources,
      detail: event.detail,
    };
    this.events.push(full);
    for (const rule of this.rules.values()) {
      if (!matchesEventPattern(rule.eventPattern, full)) continue;
      for (const target of rule.targets) this.deliver(rule, target, full);
    }
    return full;
  }

  /** Resolves when every delivery started so far, and those they caused, has ended. */
  async settle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  private deliver(rule: EventRule, target: EventTarget, event: AwsEvent): void {
    const input = target.inputTransformer === undefined ? event : transformInput(target.inputTransformer, event);
    const delivery: EventDelivery = { rule: rule.name, target: target.id, event, input, startedAt: Date.now() };
    this.deliveries.push(delivery);
    const running = target
      .deliver(input)
      .then(
        (result) => {
          delivery.result = result;
        },
        (error: unknown) => {
          delivery.error = error instanceof Error ? error.message : String(error);
        },
      )
      .finally(() => {
        delivery.endedAt = Date.now();
        this.pending.delete(running);
      });
    this.pending.add(running);
  }
}
