import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { answer, resetConnection, writeAnswer } from './answer-writer.js';
import { refusal } from './collector-answer.js';
import { CollectorLedger, type Acceptance } from './collector-ledger.js';
import type { AuthorizeRequest, SegmentCollectorOptions } from './collector-options.js';
import type { CollectedMessage, SpecViolation } from './collected-message.js';
import { EventDebugger } from './debugger/event-debugger.js';
import { unchecked } from './debugger/observed-request.js';
import { failureAnswer, FaultPlan, type DelayNextOptions, type FailNextOptions, type ResetNextOptions } from './fault-plan.js';
import { closeServer, listenOnLoopback } from './loopback-server.js';
import { MessageWaiters, type WaitCondition, type WaitForOptions } from './message-waiter.js';
import type { RecordedRequest } from './recorded-request.js';
import { readRawBody } from './request-body.js';
import { inspectRequest } from './request-inspection.js';
import { matchTrackingRoute } from './tracking-routes.js';
import { writeKeyAuthorizer } from './write-key-auth.js';

/**
 * A local HTTP server that speaks Segment's tracking API on 127.0.0.1, records what it is
 * sent, and can be told to misbehave (fail, delay, reset) so delivery code meets real sockets.
 * Its root URL serves a live event debugger page.
 */
export class SegmentCollector {
  private readonly port: number;
  private readonly authorize: AuthorizeRequest;
  private readonly faults = new FaultPlan();
  private readonly waiters = new MessageWaiters();
  private readonly ledger: CollectorLedger;
  private readonly heldAnswers = new Set<NodeJS.Timeout>();
  private readonly eventDebugger = new EventDebugger();

  private server: Server | undefined;
  private starting: Promise<string> | undefined;
  private stopping: Promise<void> | undefined;
  private address: string | undefined;

  constructor(options: SegmentCollectorOptions = {}) {
    this.port = options.port ?? 0;
    this.authorize = options.authorize ?? writeKeyAuthorizer(options.writeKeys);
    this.ledger = new CollectorLedger(options.strict ?? false, (accepted) => this.waiters.notify(accepted));
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
    return this.ledger.messages;
  }

  /** Every request received, in arrival order, whatever it was answered. */
  get requests(): readonly RecordedRequest[] {
    return this.ledger.requests;
  }

  /** Messages that arrived again with an already accepted messageId (and were not added again). */
  get duplicates(): number {
    return this.ledger.duplicates;
  }

  /** Spec problems of messages that passed auth and limits, in both strict and non-strict mode. */
  get violations(): readonly SpecViolation[] {
    return this.ledger.violations;
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
    return this.waiters.wait(condition, options, this.ledger.messages, () => this.ledger.describe());
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
    this.ledger.clear();
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
    this.waiters.rejectAll(`SegmentCollector stopped while waitFor was pending: ${this.ledger.describe()}`);
    if (server === undefined) return;
    await closeServer(server);
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
      this.address = await listenOnLoopback(server, this.port);
    } catch (error) {
      this.server = undefined;
      this.starting = undefined;
      throw error;
    }
    return this.address;
  }

  private async handle(server: Server, request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (this.eventDebugger.serve(request, response)) return;
    const rawBody = await readRawBody(request);
    if (this.server !== server) return;
    const record = this.ledger.record(request, rawBody);

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
      resetConnection(request);
      return this.eventDebugger.record(record, [], undefined);
    }

    const inspection = await inspectRequest(route, request, record, this.authorize);
    if (this.server !== server) return;

    if (fault?.kind === 'fail') {
      const failed = failureAnswer(fault);
      answer(response, record, failed);
      return this.eventDebugger.record(record, unchecked(inspection.messages), failed);
    }
    const { outcome, checked }: Acceptance =
      inspection.refused === undefined
        ? this.ledger.accept(inspection.messages, inspection.impliedType)
        : { outcome: inspection.refused, checked: unchecked(inspection.messages) };
    if (fault?.kind === 'reset') {
      resetConnection(request);
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
}
