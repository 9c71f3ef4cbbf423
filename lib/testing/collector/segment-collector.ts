import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { MessageType } from '../../core/index.js';
import { bodyWriteKey, extractMessages, parseJsonBody } from './batch-validation.js';
import { ACCEPTED, refusal, type CollectorAnswer } from './collector-answer.js';
import type { AuthorizeRequest, SegmentCollectorOptions } from './collector-options.js';
import type { CollectedMessage, SpecViolation } from './collected-message.js';
import { EventDebugger } from './debugger/event-debugger.js';
import { unchecked, type CheckedMessage } from './debugger/observed-request.js';
import { FaultPlan, type DelayNextOptions, type FailNextOptions, type Fault, type ResetNextOptions } from './fault-plan.js';
import { MessageWaiters, type WaitCondition, type WaitForOptions } from './message-waiter.js';
import type { RecordedRequest } from './recorded-request.js';
import { decodeBody, readRawBody } from './request-body.js';
import { specViolations } from './spec-violations.js';
import { matchTrackingRoute, type TrackingRoute } from './tracking-routes.js';
import { presentedWriteKey, writeKeyAuthorizer } from './write-key-auth.js';

type MutableRecord = { -readonly [K in keyof RecordedRequest]: RecordedRequest[K] };

/** What a request carried, once decoded, and the first reason to refuse it. */
interface Inspection {
  readonly refused: CollectorAnswer | undefined;
  readonly messages: readonly CollectedMessage[];
  readonly impliedType: MessageType | undefined;
}

/** The answer to a request whose messages were looked at, and what was found in each. */
interface Acceptance {
  readonly outcome: CollectorAnswer;
  readonly checked: readonly CheckedMessage[];
}

/**
 * A local HTTP server that speaks Segment's tracking API on 127.0.0.1, records what it is
 * sent, and can be told to misbehave (fail, delay, reset) so delivery code meets real sockets.
 * Its root URL serves a live event debugger page.
 */
export class SegmentCollector {
  private readonly port: number;
  private readonly strict: boolean;
  private readonly authorize: AuthorizeRequest;
  private readonly faults = new FaultPlan();
  private readonly waiters = new MessageWaiters();
  private readonly heldAnswers = new Set<NodeJS.Timeout>();
  private readonly eventDebugger = new EventDebugger();

  private server: Server | undefined;
  private starting: Promise<string> | undefined;
  private stopping: Promise<void> | undefined;
  private address: string | undefined;

  private accepted: CollectedMessage[] = [];
  private recorded: MutableRecord[] = [];
  private acceptedIds = new Set<string>();
  private duplicateCount = 0;
  private violationList: SpecViolation[] = [];

  constructor(options: SegmentCollectorOptions = {}) {
    this.port = options.port ?? 0;
    this.strict = options.strict ?? false;
    this.authorize = options.authorize ?? writeKeyAuthorizer(options.writeKeys);
  }

  /**
   * `http://127.0.0.1:PORT`; use it as the client's `host`, and open it in a browser to watch
   * messages arrive. Throws before `start()`.
   */
  get url(): string {
    if (this.address === undefined) throw new Error('SegmentCollector is not started: await collector.start() first');
    return this.address;
  }

  /** Accepted messages in arrival order, each messageId once. A live view: it grows as messages arrive. */
  get messages(): readonly CollectedMessage[] {
    return this.accepted;
  }

  /** Every request received, in arrival order, whatever it was answered. */
  get requests(): readonly RecordedRequest[] {
    return this.recorded;
  }

  /** Messages that arrived again with an already accepted messageId (and were not added again). */
  get duplicates(): number {
    return this.duplicateCount;
  }

  /** Spec problems of messages that passed auth and limits, in both strict and non-strict mode. */
  get violations(): readonly SpecViolation[] {
    return this.violationList;
  }

  /** Starts listening; resolves with `url`. Calling it again while started returns the same url. */
  start(): Promise<string> {
    this.starting ??= this.listen();
    return this.starting;
  }

  /**
   * Resolves with a snapshot of the accepted messages as soon as there are at least `count` of
   * them, or as soon as `predicate(messages)` is true. Rejects after `timeoutMs` (default 5,000)
   * with what did arrive, or when the collector stops first.
   */
  waitFor(condition: WaitCondition, options: WaitForOptions = {}): Promise<readonly CollectedMessage[]> {
    return this.waiters.wait(condition, options, this.accepted, () => this.describeState());
  }

  /** The next tracking request(s) get this error answer; they are recorded, their messages not accepted. */
  failNext(options: FailNextOptions = {}): void {
    this.faults.fail(options);
  }

  /** The next tracking request(s) are processed, then their answer is held for `ms`. */
  delayNext(options: DelayNextOptions): void {
    this.faults.delay(options);
  }

  /** The next tracking request(s) get their connection reset (TCP RST) instead of an answer. */
  resetNext(options: ResetNextOptions = {}): void {
    this.faults.reset(options);
  }

  /** Forgets messages, requests, duplicates, violations, seen messageIds and planned faults (and empties the debugger page). */
  clear(): void {
    this.accepted = [];
    this.recorded = [];
    this.acceptedIds = new Set();
    this.duplicateCount = 0;
    this.violationList = [];
    this.faults.clear();
    this.eventDebugger.clear();
  }

  /** Closes the server and every connection, kept-alive ones included; pending `waitFor` calls reject. */
  stop(): Promise<void> {
    this.stopping ??= this.shutdown().finally(() => {
      this.stopping = undefined;
    });
    return this.stopping;
  }

  private async shutdown(): Promise<void> {
    const starting = this.starting;
    if (starting === undefined) return;
    await starting.catch(() => undefined);
    const server = this.server;
    this.starting = undefined;
    this.server = undefined;
    this.address = undefined;
    for (const timer of this.heldAnswers) clearTimeout(timer);
    this.heldAnswers.clear();
    this.eventDebugger.close();
    this.waiters.rejectAll(`SegmentCollector stopped while waitFor was pending: ${this.describeState()}`);
    if (server === undefined) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  private async listen(): Promise<string> {
    const server = createServer((request, response) => {
      this.handle(server, request, response).catch(() => {
        if (!response.headersSent && !response.destroyed) {
          writeAnswer(response, refusal(500, 'internal_error', 'the collector failed to handle the request'));
        }
      });
    });
    this.server = server;
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(this.port, '127.0.0.1', () => {
          server.off('error', reject);
          resolve();
        });
      });
    } catch (error) {
      this.server = undefined;
      this.starting = undefined;
      throw error;
    }
    this.address = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return this.address;
  }

  private async handle(server: Server, request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (this.eventDebugger.serve(request, response)) return;
    const rawBody = await readRawBody(request);
    if (this.server !== server) return;
    const record: MutableRecord = {
      method: request.method ?? '',
      path: request.url ?? '',
      headers: request.headers,
      rawBody,
      decodedBody: undefined,
      body: undefined,
      messages: [],
      writeKey: undefined,
      status: undefined,
      responseBody: undefined,
      fault: undefined,
      receivedAt: new Date(),
    };
    this.recorded.push(record);

    const route = matchTrackingRoute(record.path);
    if (route === undefined) {
      return answer(response, record, refusal(404, 'not_found', `no tracking endpoint at ${record.path}`));
    }
    if (record.method !== 'POST') {
      const notAllowed = refusal(405, 'method_not_allowed', `${record.path} takes POST, not ${record.method}`);
      return answer(response, record, { ...notAllowed, headers: { ...notAllowed.headers, allow: 'POST' } });
    }

    const fault = this.faults.take();
    record.fault = fault?.kind;
    if (fault?.kind === 'reset' && !fault.afterAccepting) {
      reset(request);
      return this.eventDebugger.record(record, [], undefined);
    }

    const inspection = await this.inspect(route, request, record);
    if (this.server !== server) return;

    if (fault?.kind === 'fail') {
      const failed = faultAnswer(fault);
      answer(response, record, failed);
      return this.eventDebugger.record(record, unchecked(inspection.messages), failed);
    }
    const { outcome, checked } =
      inspection.refused === undefined ? this.accept(inspection) : { outcome: inspection.refused, checked: unchecked(inspection.messages) };
    if (fault?.kind === 'reset') {
      reset(request);
    } else if (fault?.kind === 'delay') {
      const timer = setTimeout(() => {
        this.heldAnswers.delete(timer);
        answer(response, record, outcome);
      }, fault.ms);
      this.heldAnswers.add(timer);
    } else {
      answer(response, record, outcome);
    }
    // After the answer is written: watching pages never delay it.
    this.eventDebugger.record(record, checked, fault?.kind === 'reset' ? undefined : outcome);
  }

  /** Decodes, parses and authenticates, filling the record as it goes; refusals in Segment's order. */
  private async inspect(route: TrackingRoute, request: IncomingMessage, record: MutableRecord): Promise<Inspection> {
    const impliedType = route.kind === 'single' ? route.type : undefined;
    const none = { messages: [], impliedType };
    const decoded = await decodeBody(record.rawBody, request.headers['content-encoding']);
    if ('refused' in decoded) return { ...none, refused: decoded.refused };
    record.decodedBody = decoded.decoded;

    const parsed = parseJsonBody(decoded.decoded);
    if (!parsed.ok) return { ...none, refused: parsed.refused };
    record.body = parsed.body;

    const authorization = request.headers.authorization;
    const keyInBody = bodyWriteKey(parsed.body);
    const presented = presentedWriteKey(authorization, keyInBody);
    record.writeKey = presented.ok ? presented.writeKey : undefined;
    const extracted = extractMessages(route, parsed.body);
    record.messages = extracted.messages;

    if (!this.authorize(authorization, keyInBody)) {
      const why = presented.ok
        ? 'missing or unknown write key (send Authorization: Basic base64(writeKey + ":"), or "writeKey" in the body)'
        : presented.problem;
      return { messages: extracted.messages, impliedType, refused: refusal(401, 'unauthorized', why) };
    }
    return { messages: extracted.messages, impliedType, refused: extracted.refused };
  }

  /**
   * Records Spec problems (of messages not accepted before), then accepts (or, strict, refuses)
   * the messages; wakes `waitFor`. Says, for the debugger, what it found in each message.
   */
  private accept({ messages, impliedType }: Inspection): Acceptance {
    const problems: SpecViolation[] = [];
    const found = messages.map((message) => {
      const messageId = typeof message.messageId === 'string' ? message.messageId : undefined;
      const known = messageId !== undefined && this.acceptedIds.has(messageId);
      const texts = known ? [] : specViolations(message, impliedType);
      for (const text of texts) problems.push({ messageId, text });
      return { message, messageId, duplicate: known, violations: texts.map((text) => ({ text })) };
    });
    for (const problem of problems) this.violationList.push(problem);
    if (this.strict && problems.length > 0) {
      const first = problems[0];
      const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem(s))` : '';
      const text = `message ${first.messageId ?? '(no messageId)'}: ${first.text}${more}`;
      return { outcome: refusal(400, 'invalid_message', text), checked: found };
    }

    for (const entry of found) {
      if (entry.messageId !== undefined) {
        if (this.acceptedIds.has(entry.messageId)) {
          this.duplicateCount++;
          entry.duplicate = true;
          continue;
        }
        this.acceptedIds.add(entry.messageId);
      }
      this.accepted.push(entry.message);
    }
    if (messages.length > 0) this.waiters.notify(this.accepted);
    return { outcome: ACCEPTED, checked: found };
  }

  /** For error messages: what arrived, never a write key or header. */
  private describeState(): string {
    const statuses = new Map<string, number>();
    for (const { status, fault } of this.recorded) {
      const label = status === undefined ? (fault === 'reset' ? 'reset' : 'unanswered') : String(status);
      statuses.set(label, (statuses.get(label) ?? 0) + 1);
    }
    const answers = [...statuses].map(([label, count]) => `${label} x${count}`).join(', ') || 'none';
    const shown = this.accepted.slice(-10).map(summarize).join(', ');
    const listed = this.accepted.length > 10 ? `last 10: ${shown}` : shown;
    return (
      `${this.accepted.length} message(s) accepted${listed ? ` [${listed}]` : ''}, ` +
      `${this.duplicateCount} duplicate(s), ${this.recorded.length} request(s) (answers: ${answers}), ` +
      `${this.violationList.length} Spec violation(s)`
    );
  }
}

function summarize(message: CollectedMessage): string {
  const type = typeof message.type === 'string' ? message.type : '?';
  return typeof message.event === 'string' ? `${type} "${message.event}"` : type;
}

function faultAnswer(fault: Extract<Fault, { kind: 'fail' }>): CollectorAnswer {
  if (fault.body !== undefined) return { status: fault.status, headers: fault.headers, body: fault.body };
  const planned = refusal(fault.status, 'planned_failure', `planned failure (failNext): HTTP ${fault.status}`);
  return { ...planned, headers: { ...planned.headers, ...fault.headers } };
}

/** Writes the answer and records it, unless the client is gone: then nothing was answered. */
function answer(response: ServerResponse, record: MutableRecord, outcome: CollectorAnswer): void {
  if (!writeAnswer(response, outcome)) return;
  record.status = outcome.status;
  record.responseBody = outcome.body;
}

function writeAnswer(response: ServerResponse, outcome: CollectorAnswer): boolean {
  if (response.destroyed) return false;
  response.writeHead(outcome.status, { ...outcome.headers, 'content-length': Buffer.byteLength(outcome.body) });
  response.end(outcome.body);
  return true;
}

/** A TCP RST, so the client sees ECONNRESET as it would from a dying proxy. */
function reset(request: IncomingMessage): void {
  request.socket.resetAndDestroy();
}
