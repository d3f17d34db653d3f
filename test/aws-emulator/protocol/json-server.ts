import { createHash, randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { FaultInjector, type FaultRule } from './faults';
import { ServiceError } from './service-error';
import type { ServiceModel } from './service-model';
import { decodeInput, encodeOutput, InputValidationError, type ValidationFailure } from './shape-codec';
import { parseSigV4 } from './sigv4-header';
import { callerIdentityXml, isQueryRequest, queryErrorXml, STS_OPERATIONS } from '../sts/sts-query';

/** Who is calling, as derived from the signed request. */
export interface CallContext {
  /** Access key id of the signature; tests use different keys to act as different users. */
  readonly accessKeyId: string;
  /** The caller's ARN (`arn:aws:iam::<account>:user/<accessKeyId>`), used as author/approver. */
  readonly callerArn: string;
  /** Region from the credential scope. */
  readonly region: string;
  readonly requestId: string;
}

/** One AWS service the server speaks, backed by its model. */
export interface ServiceHandler {
  readonly model: ServiceModel;
  /** Runs an operation on validated, decoded input; returns the output structure (unencoded) or throws ServiceError. */
  handle(operation: string, input: Record<string, unknown>, context: CallContext): Promise<unknown>;
  /** The error name for an input that breaks the model's constraints (services differ: CodeCommit has one per member). */
  validationErrorName(operation: string, failure: ValidationFailure): string;
}

/** One call, as recorded for tests and the admin API. */
export interface CallRecord {
  readonly service: string;
  readonly operation: string;
  /** HTTP status answered; 0 when the connection was dropped. */
  readonly status: number;
  /** Error `__type` answered, if any. */
  readonly errorName?: string;
  /** The fault injected into this call, if any. */
  readonly fault?: string;
  readonly requestId: string;
  /** True when the answer was replayed for a repeated idempotency token. */
  readonly replayed: boolean;
}

export interface JsonServerOptions {
  readonly services: readonly ServiceHandler[];
  /** Account id in ARNs. */
  readonly accountId: string;
  readonly faults?: readonly FaultRule[];
  /** Seed of the fault injector's random generator. */
  readonly faultSeed?: number;
  /** Page size when a paginated call gives no limit. */
  readonly defaultPageSize?: number;
}

const JSON_CONTENT_TYPE = 'application/x-amz-json-1.1';
const ADMIN_PREFIX = '/__emulator/';

interface StoredIdempotentCall {
  readonly inputHash: string;
  readonly result: Promise<unknown>;
}

/** A thrown ValidationError's services' messages also appear on the wire; keep them in one sentence. */
function errorBody(name: string, message: string): string {
  return JSON.stringify({ __type: name, message });
}

function stableHash(value: unknown): string {
  const canonical = (v: unknown): unknown => {
    if (Buffer.isBuffer(v)) return v.toString('base64');
    if (v instanceof Date) return v.getTime();
    if (Array.isArray(v)) return v.map(canonical);
    if (typeof v === 'object' && v !== null)
      return Object.fromEntries(
        Object.entries(v)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([k, item]) => [k, canonical(item)]),
      );
    return v;
  };
  return createHash('sha256')
    .update(JSON.stringify(canonical(value)))
    .digest('hex');
}

function encodePageToken(offset: number): string {
  return Buffer.from(JSON.stringify({ offset }), 'utf8').toString('base64');
}

function decodePageToken(token: string): number | undefined {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as { offset?: unknown };
    return typeof parsed.offset === 'number' && Number.isInteger(parsed.offset) && parsed.offset >= 0
      ? parsed.offset
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The AWS JSON 1.1 front door: routes `X-Amz-Target: <prefix>.<Operation>` to a service,
 * checks the SigV4 header's shape, validates the body against the model, replays
 * idempotent calls, pages list results, injects faults, and answers with
 * `x-amzn-RequestId` on every response.
 */
export class AwsJsonServer {
  private readonly server: http.Server;
  private readonly byPrefix = new Map<string, ServiceHandler>();
  private readonly idempotent = new Map<string, StoredIdempotentCall>();
  readonly faults: FaultInjector;
  readonly calls: CallRecord[] = [];

  constructor(private readonly options: JsonServerOptions) {
    for (const service of options.services) this.byPrefix.set(service.model.targetPrefix, service);
    this.faults = new FaultInjector(options.faults ?? [], options.faultSeed ?? 1);
    this.server = http.createServer((request, response) => {
      void this.serve(request, response);
    });
  }

  /** Listens on 127.0.0.1; port 0 picks a free one. Resolves with the port. */
  async listen(port = 0): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    return (this.server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    this.releaseHeldCalls();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async serve(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const requestId = randomUUID();
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    if (request.url?.startsWith(ADMIN_PREFIX)) {
      this.serveAdmin(request.method ?? 'GET', request.url.slice(ADMIN_PREFIX.length), body, response, requestId);
      return;
    }
    const target = request.headers['x-amz-target'];
    if (isQueryRequest(request.headers['content-type'], target)) {
      await this.serveQuery(request, body, response, requestId);
      return;
    }
    const [prefix = '', operation = ''] = typeof target === 'string' ? target.split('.') : [];
    const service = this.byPrefix.get(prefix);
    const serviceId = service?.model.serviceId ?? 'Unknown';
    const record = (status: number, extra: Partial<CallRecord> = {}): void => {
      this.calls.push({ service: serviceId, operation, status, requestId, replayed: false, ...extra });
    };
    const answer = (status: number, payload: string, errorName?: string): void => {
      const headers: http.OutgoingHttpHeaders = {
        'content-type': JSON_CONTENT_TYPE,
        'content-length': Buffer.byteLength(payload),
        'x-amzn-requestid': requestId,
      };
      if (errorName !== undefined) headers['x-amzn-errortype'] = errorName;
      response.writeHead(status, headers);
      response.end(payload);
    };
    const answerError = (error: ServiceError, extra: Partial<CallRecord> = {}): void => {
      record(error.statusCode, { errorName: error.name, ...extra });
      answer(error.statusCode, errorBody(error.name, error.message), error.name);
    };

    if (request.method !== 'POST' || !service || !service.model.operations.has(operation)) {
      answerError(
        new ServiceError('UnknownOperationException', `Unknown operation ${String(target)}`, service ? 400 : 404),
      );
      return;
    }
    let context: CallContext;
    try {
      const credential = parseSigV4(
        request.headers.authorization,
        request.headers['x-amz-date'] as string | undefined,
        service.model.signingName,
      );
      context = {
        accessKeyId: credential.accessKeyId,
        callerArn: `arn:aws:iam::${this.options.accountId}:user/${credential.accessKeyId}`,
        region: credential.region,
        requestId,
      };
    } catch (error) {
      answerError(error as ServiceError);
      return;
    }

    const fault = this.faults.decide(serviceId, operation);
    if (fault?.kind === 'hold') await this.hold(serviceId, operation);
    if (fault?.kind === 'throttle') {
      answerError(new ServiceError('ThrottlingException', 'Rate exceeded', 400), { fault: fault.kind });
      return;
    }
    if (fault?.kind === 'server-error') {
      answerError(new ServiceError('InternalFailure', 'Injected internal failure.', 500), { fault: fault.kind });
      return;
    }
    if (fault?.kind === 'drop') {
      record(0, { fault: fault.kind });
      request.socket.destroy();
      return;
    }
    if (fault?.kind === 'slow') await new Promise((resolve) => setTimeout(resolve, fault.delayMs));

    let rawInput: unknown;
    try {
      rawInput = body.trim() === '' ? {} : JSON.parse(body);
    } catch {
      answerError(new ServiceError('SerializationException', 'Request body is not valid JSON.', 400));
      return;
    }

    try {
      const { output, replayed } = await this.invoke(service, operation, rawInput, context);
      if (fault?.kind === 'drop-after') {
        record(0, { fault: fault.kind, replayed });
        request.socket.destroy();
        return;
      }
      record(200, { replayed, ...(fault ? { fault: fault.kind } : {}) });
      answer(200, JSON.stringify(output ?? {}));
    } catch (error) {
      if (error instanceof ServiceError) {
        answerError(error);
      } else {
        console.error(`[aws-emulator] ${serviceId}.${operation} failed:`, error);
        answerError(new ServiceError('InternalFailure', 'The emulator failed; see its log.', 500));
      }
    }
  }

  /**
   * STS on AWS's query protocol (form-encoded body, XML answer): only GetCallerIdentity, which tells the
   * caller its own ARN (derived from the access key, as for every other call). Signature shape, faults and
   * the call record work as for the JSON services.
   */
  private async serveQuery(
    request: http.IncomingMessage,
    body: string,
    response: http.ServerResponse,
    requestId: string,
  ): Promise<void> {
    const operation = new URLSearchParams(body).get('Action') ?? '';
    const answer = (status: number, xml: string, errorName?: string, fault?: string): void => {
      this.calls.push({
        service: 'STS',
        operation,
        status,
        requestId,
        replayed: false,
        ...(errorName === undefined ? {} : { errorName }),
        ...(fault === undefined ? {} : { fault }),
      });
      response.writeHead(status, {
        'content-type': 'text/xml',
        'content-length': Buffer.byteLength(xml),
        'x-amzn-requestid': requestId,
      });
      response.end(xml);
    };
    const fail = (error: ServiceError, fault?: string): void =>
      answer(error.statusCode, queryErrorXml(error, requestId), error.name, fault);
    if (request.method !== 'POST' || !STS_OPERATIONS.includes(operation)) {
      fail(new ServiceError('InvalidAction', `The emulator's STS does not offer ${operation || 'that action'}.`, 400));
      return;
    }
    let accessKeyId: string;
    try {
      accessKeyId = parseSigV4(
        request.headers.authorization,
        request.headers['x-amz-date'] as string | undefined,
        'sts',
      ).accessKeyId;
    } catch (error) {
      fail(error as ServiceError);
      return;
    }
    const fault = this.faults.decide('STS', operation);
    if (fault?.kind === 'hold') await this.hold('STS', operation);
    if (fault?.kind === 'throttle') {
      fail(new ServiceError('Throttling', 'Rate exceeded', 400), fault.kind);
      return;
    }
    if (fault?.kind === 'server-error') {
      fail(new ServiceError('InternalFailure', 'Injected internal failure.', 500), fault.kind);
      return;
    }
    if (fault?.kind === 'drop' || fault?.kind === 'drop-after') {
      this.calls.push({ service: 'STS', operation, status: 0, requestId, replayed: false, fault: fault.kind });
      request.socket.destroy();
      return;
    }
    if (fault?.kind === 'slow') await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
    const callerArn = `arn:aws:iam::${this.options.accountId}:user/${accessKeyId}`;
    answer(200, callerIdentityXml(callerArn, accessKeyId, this.options.accountId, requestId), undefined, fault?.kind);
  }

  /** Calls held by a `hold` fault, waiting for `release()`. */
  private readonly held: { readonly call: string; readonly release: () => void }[] = [];
  private readonly holdWaiters: { readonly call: string; readonly resolve: () => void }[] = [];

  private hold(service: string, operation: string): Promise<void> {
    const call = `${service}.${operation}`;
    return new Promise((resolve) => {
      this.held.push({ call, release: resolve });
      for (const waiter of this.holdWaiters.filter((candidate) => candidate.call === call || candidate.call === '')) {
        this.holdWaiters.splice(this.holdWaiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    });
  }

  /**
   * Resolves once a call is held by a `hold` fault (`Service.Operation`, or any call when omitted): a test
   * knows the run it started is parked there before it starts the next one.
   */
  waitForHeldCall(call = ''): Promise<void> {
    if (this.held.some((entry) => call === '' || entry.call === call)) return Promise.resolve();
    return new Promise((resolve) => this.holdWaiters.push({ call, resolve }));
  }

  /** Lets every held call go on (each is then handled normally). Returns how many were released. */
  releaseHeldCalls(): number {
    const released = this.held.splice(0, this.held.length);
    for (const entry of released) entry.release();
    return released.length;
  }

  private async invoke(
    service: ServiceHandler,
    operation: string,
    rawInput: unknown,
    context: CallContext,
  ): Promise<{ output: unknown; replayed: boolean }> {
    const { model } = service;
    const definition = model.operations.get(operation);
    const inputShape = definition?.input?.shape;
    const outputShape = definition?.output?.shape;
    let input: Record<string, unknown> = {};
    if (inputShape !== undefined) {
      try {
        input = decodeInput(model, inputShape, rawInput) as Record<string, unknown>;
      } catch (error) {
        if (error instanceof InputValidationError)
          throw new ServiceError(service.validationErrorName(operation, error.failure), error.failure.message);
        throw error;
      }
    }
    const tokenMember = this.idempotencyTokenMember(model, inputShape);
    const token = tokenMember === undefined ? undefined : input[tokenMember];
    const run = async (): Promise<unknown> => {
      const result = await service.handle(operation, input, context);
      return outputShape === undefined ? {} : encodeOutput(model, outputShape, result);
    };
    let output: unknown;
    let replayed = false;
    if (typeof token === 'string') {
      const key = `${model.serviceId}.${operation}.${token}`;
      const inputHash = stableHash(input);
      const stored = this.idempotent.get(key);
      if (stored) {
        if (stored.inputHash !== inputHash) {
          const name = model.errorNames.has('IdempotencyParameterMismatchException')
            ? 'IdempotencyParameterMismatchException'
            : service.validationErrorName(operation, {
                path: tokenMember ?? '',
                member: tokenMember ?? '',
                kind: 'type',
                message: '',
              });
          throw new ServiceError(
            name,
            `The client request token ${token} was used before with different parameters; use a new token.`,
          );
        }
        output = await stored.result;
        replayed = true;
      } else {
        const result = run();
        this.idempotent.set(key, { inputHash, result });
        // A failed call did nothing, so the same token may try again.
        result.catch(() => this.idempotent.delete(key));
        output = await result;
      }
    } else {
      output = await run();
    }
    return { output: this.page(service, operation, rawInput, output), replayed };
  }

  /** The input member the model marks `idempotencyToken` (CodeBuild's StartBuild names it `idempotencyToken` without the trait). */
  private idempotencyTokenMember(model: ServiceModel, inputShape: string | undefined): string | undefined {
    if (inputShape === undefined) return undefined;
    const members = model.shapes.get(inputShape)?.members ?? {};
    for (const [name, ref] of Object.entries(members)) if (ref.idempotencyToken) return name;
    return 'idempotencyToken' in members ? 'idempotencyToken' : undefined;
  }

  /** Cuts a full result list into the page the request's token and limit ask for. */
  private page(service: ServiceHandler, operation: string, rawInput: unknown, output: unknown): unknown {
    const paginator = service.model.paginators.get(operation);
    if (!paginator || typeof output !== 'object' || output === null) return output;
    const result = output as Record<string, unknown>;
    const items = result[paginator.resultKey];
    if (!Array.isArray(items)) return output;
    const request = rawInput as Record<string, unknown>;
    const token = request[paginator.inputToken];
    let offset = 0;
    if (typeof token === 'string' && token !== '') {
      const decoded = decodePageToken(token);
      if (decoded === undefined) {
        const declared = (service.model.operations.get(operation)?.errors ?? []).map((e) => e.shape);
        const name =
          declared.find((e) => e === 'InvalidContinuationTokenException' || e === 'InvalidNextTokenException') ??
          service.validationErrorName(operation, {
            path: paginator.inputToken,
            member: paginator.inputToken,
            kind: 'pattern',
            message: '',
          });
        throw new ServiceError(name, 'The pagination token is not valid.');
      }
      offset = decoded;
    }
    const limitValue = paginator.limitKey === undefined ? undefined : request[paginator.limitKey];
    const limit = typeof limitValue === 'number' && limitValue > 0 ? limitValue : (this.options.defaultPageSize ?? 100);
    const pageItems = items.slice(offset, offset + limit);
    const next = offset + limit < items.length ? encodePageToken(offset + limit) : undefined;
    const paged = Object.entries(result).filter(([key]) => key !== paginator.outputToken);
    paged.push([paginator.resultKey, pageItems]);
    if (next !== undefined) paged.push([paginator.outputToken, next]);
    return Object.fromEntries(paged);
  }

  private serveAdmin(
    method: string,
    route: string,
    body: string,
    response: http.ServerResponse,
    requestId: string,
  ): void {
    const reply = (status: number, payload: unknown): void => {
      const text = JSON.stringify(payload);
      response.writeHead(status, { 'content-type': 'application/json', 'x-amzn-requestid': requestId });
      response.end(text);
    };
    try {
      const key = `${method} ${route}`;
      if (route === 'health') {
        reply(200, { ok: true });
      } else if (key === 'GET calls') {
        reply(200, { calls: this.calls });
      } else if (key === 'DELETE calls') {
        this.calls.length = 0;
        reply(200, {});
      } else if (key === 'GET faults') {
        reply(200, { rules: this.faults.listRules() });
      } else if (key === 'PUT faults') {
        const parsed = JSON.parse(body) as { rules?: FaultRule[] };
        this.faults.setRules(parsed.rules ?? []);
        reply(200, { rules: this.faults.listRules() });
      } else if (key === 'DELETE faults') {
        this.faults.setRules([]);
        reply(200, {});
      } else if (key === 'POST release') {
        reply(200, { released: this.releaseHeldCalls() });
      } else {
        reply(404, { message: `No admin route ${method} /__emulator/${route}` });
      }
    } catch (error) {
      reply(400, { message: error instanceof Error ? error.message : String(error) });
    }
  }
}
