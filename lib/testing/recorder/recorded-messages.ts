import { SegmentViolationError, type MessageType, type SegmentError, type SegmentMessage } from '../../core/index.js';
import { noMatchReport, recordedList, unexpectedMatchReport, type NumberedMessage } from './assertion-report.js';
import type { Matchable, MessagePattern } from './message-pattern.js';
import { partialMismatches } from './partial-match.js';
import { SegmentAssertionError } from './segment-assertion.error.js';
import { violationReport } from './violation-report.js';

/** What the recorder keeps, shared by the recorder and its per-client views. */
export interface RecordingLog {
  entries: { readonly client: string | undefined; readonly message: SegmentMessage }[];
  errors: { readonly client: string | undefined; readonly error: SegmentError }[];
}

/** Which entries a view sees: every client's, or one client's (`undefined` is the default client). */
export type ClientScope = { readonly all: true } | { readonly all: false; readonly client: string | undefined };

function matches(message: SegmentMessage, pattern: MessagePattern): boolean {
  return partialMismatches(message, pattern).length === 0;
}

function recordedCount(messages: number, errors: number): string {
  const parts = [];
  if (messages > 0) parts.push(`${messages} ${messages === 1 ? 'message was' : 'messages were'} recorded`);
  if (errors > 0) parts.push(`${errors} ${errors === 1 ? 'call was' : 'calls were'} refused`);
  return parts.join(' and ');
}

function label(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : value instanceof RegExp ? String(value) : '…';
}

/**
 * Queries and assertions over recorded messages, in call order. Patterns are partial: a
 * message matches when it contains every given field (objects compared as deep subsets).
 * Assertions throw a {@link SegmentAssertionError} whose message shows the difference.
 */
export class RecordedMessages {
  /** @internal Built by `SegmentRecorder`; use `new SegmentRecorder()` or `recorder.forClient(name)`. */
  protected constructor(
    private readonly log: RecordingLog,
    private readonly scope: ClientScope,
  ) {}

  /** Every recorded message, as it would have been sent (`type`, `messageId`, `timestamp`, `context`, ...). */
  get messages(): readonly SegmentMessage[] {
    return this.entries().map((entry) => entry.message);
  }

  /**
   * What could not be recorded: messages the client's validation refused (the call threw
   * `SegmentValidationError`) and decorator messages whose mapper threw (`SegmentMappingError`).
   */
  get errors(): readonly SegmentError[] {
    return this.log.errors.filter((entry) => this.sees(entry.client)).map((entry) => entry.error);
  }

  /**
   * The tracking-plan violations of the recorded calls, in call order: one error per message,
   * with each violation's event, JSON pointer and rule (never the offending value).
   */
  get violations(): readonly SegmentViolationError[] {
    return this.errors.filter((error): error is SegmentViolationError => error instanceof SegmentViolationError);
  }

  /** Passes when no recorded call broke the tracking plan, whatever `onViolation` did with it. */
  expectNoViolations(): void {
    const violations = this.violations;
    if (violations.length > 0) this.fail(violationReport(`${this.callPrefix()}expectNoViolations()`, violations), {}, this.expectNoViolations);
  }

  ofType(type: MessageType): SegmentMessage[] {
    return this.messages.filter((message) => message.type === type);
  }

  /** Track calls, all of them or those of one event (a name, or a RegExp). */
  tracked(event?: Matchable<string>): SegmentMessage[] {
    return this.matching(event === undefined ? { type: 'track' } : { type: 'track', event });
  }

  identified(): SegmentMessage[] {
    return this.ofType('identify');
  }

  pages(name?: Matchable<string>): SegmentMessage[] {
    return this.matching(name === undefined ? { type: 'page' } : { type: 'page', name });
  }

  screens(name?: Matchable<string>): SegmentMessage[] {
    return this.matching(name === undefined ? { type: 'screen' } : { type: 'screen', name });
  }

  groups(groupId?: Matchable<string>): SegmentMessage[] {
    return this.matching(groupId === undefined ? { type: 'group' } : { type: 'group', groupId });
  }

  aliases(): SegmentMessage[] {
    return this.ofType('alias');
  }

  /** The messages that contain `pattern`. */
  matching(pattern: MessagePattern): SegmentMessage[] {
    return this.messages.filter((message) => matches(message, pattern));
  }

  find(predicate: (message: SegmentMessage, index: number) => boolean): SegmentMessage | undefined {
    return this.messages.find(predicate);
  }

  filter(predicate: (message: SegmentMessage, index: number) => boolean): SegmentMessage[] {
    return this.messages.filter(predicate);
  }

  /** Forgets the recorded messages and errors (of this view's client only, for a client view). */
  clear(): void {
    this.log.entries = this.log.entries.filter((entry) => !this.sees(entry.client));
    this.log.errors = this.log.errors.filter((entry) => !this.sees(entry.client));
  }

  /** Passes when a recorded message contains `pattern`; returns the first one. */
  expectMessage(pattern: MessagePattern): SegmentMessage {
    return this.expectSome(`expectMessage(${label(pattern.type)})`, pattern, this.expectMessage);
  }

  /** Passes when no recorded message contains `pattern`. */
  expectNoMessage(pattern: MessagePattern = {}): void {
    this.expectNone(`expectNoMessage(${label(pattern.type)})`, pattern, this.expectNoMessage);
  }

  /** `expectTracked('Order Completed', { userId: 'u1', properties: { total: 42 } })`; returns the first match. */
  expectTracked(event: Matchable<string>, pattern: MessagePattern = {}): SegmentMessage {
    return this.expectSome(`expectTracked(${label(event)})`, { type: 'track', event, ...pattern }, this.expectTracked);
  }

  /** Passes when no track call of `event` contains `pattern` (with no pattern: no such event at all). */
  expectNotTracked(event: Matchable<string>, pattern: MessagePattern = {}): void {
    this.expectNone(`expectNotTracked(${label(event)})`, { type: 'track', event, ...pattern }, this.expectNotTracked);
  }

  /** `expectIdentified({ userId: 'u1', traits: { plan: 'pro' } })`; returns the first match. */
  expectIdentified(pattern: MessagePattern = {}): SegmentMessage {
    return this.expectSome('expectIdentified()', { type: 'identify', ...pattern }, this.expectIdentified);
  }

  /** `expectPage('Account', { properties: { path: '/account' } })`; returns the first match. */
  expectPage(name: Matchable<string>, pattern: MessagePattern = {}): SegmentMessage {
    return this.expectSome(`expectPage(${label(name)})`, { type: 'page', name, ...pattern }, this.expectPage);
  }

  /** `expectScreen('Home')`; returns the first match. */
  expectScreen(name: Matchable<string>, pattern: MessagePattern = {}): SegmentMessage {
    return this.expectSome(`expectScreen(${label(name)})`, { type: 'screen', name, ...pattern }, this.expectScreen);
  }

  /** `expectGrouped('team_1', { traits: { plan: 'pro' } })`; returns the first match. */
  expectGrouped(groupId: Matchable<string>, pattern: MessagePattern = {}): SegmentMessage {
    return this.expectSome(`expectGrouped(${label(groupId)})`, { type: 'group', groupId, ...pattern }, this.expectGrouped);
  }

  /** `expectAliased({ previousId: 'anon_1', userId: 'u1' })`; returns the first match. */
  expectAliased(pattern: MessagePattern = {}): SegmentMessage {
    return this.expectSome('expectAliased()', { type: 'alias', ...pattern }, this.expectAliased);
  }

  /** Passes when nothing was recorded and nothing refused. */
  expectNoMessages(): void {
    this.failOnRefusedViolations('expectNoMessages()', this.expectNoMessages);
    const numbered = this.numbered();
    const errors = this.errors;
    if (numbered.length === 0 && errors.length === 0) return;
    const sections = [`${this.callPrefix()}expectNoMessages() failed: ${recordedCount(numbered.length, errors.length)}.`];
    if (numbered.length > 0) sections.push(recordedList(numbered, this.scopeLabel()));
    if (errors.length > 0) sections.push(`Refused (${errors.length}):\n${errors.map((error) => `  ${error.name}: ${error.message}`).join('\n')}`);
    this.fail(sections.join('\n\n'), {}, this.expectNoMessages);
  }

  /** @internal A view of the same log; how `SegmentRecorder.forClient()` builds one. */
  protected static view(log: RecordingLog, scope: ClientScope): RecordedMessages {
    return new RecordedMessages(log, scope);
  }

  /** The name a client view's calls are reported under. */
  private callPrefix(): string {
    return this.scope.all ? '' : `forClient(${this.scope.client === undefined ? '' : JSON.stringify(this.scope.client)}).`;
  }

  private sees(client: string | undefined): boolean {
    return this.scope.all || this.scope.client === client;
  }

  private entries(): RecordingLog['entries'] {
    return this.scope.all ? this.log.entries : this.log.entries.filter((entry) => this.sees(entry.client));
  }

  private numbered(): NumberedMessage[] {
    return this.entries().map((entry, index) => ({ number: index + 1, message: entry.message, client: this.scope.all ? entry.client : undefined }));
  }

  private scopeLabel(): string {
    if (this.scope.all) return 'Recorded';
    return this.scope.client === undefined ? 'Recorded by the default client' : `Recorded by client "${this.scope.client}"`;
  }

  /**
   * A violation the kit refused (`onViolation: 'throw'`, its default) fails every assertion: a
   * decorator's message never throws into the handler, so this is where such a test fails.
   */
  private failOnRefusedViolations(call: string, caller: Function): void {
    const refused = this.violations.filter((error) => error.action === 'throw');
    if (refused.length > 0) this.fail(violationReport(this.callPrefix() + call, refused), {}, caller);
  }

  private expectSome(call: string, pattern: MessagePattern, caller: Function): SegmentMessage {
    this.failOnRefusedViolations(call, caller);
    const found = this.find((message) => matches(message, pattern));
    if (found !== undefined) return found;
    return this.fail(noMatchReport(this.callPrefix() + call, pattern, this.numbered(), this.scopeLabel()), pattern, caller);
  }

  private expectNone(call: string, pattern: MessagePattern, caller: Function): void {
    this.failOnRefusedViolations(call, caller);
    const numbered = this.numbered();
    const found = numbered.filter((entry) => matches(entry.message, pattern));
    if (found.length === 0) return;
    this.fail(unexpectedMatchReport(this.callPrefix() + call, pattern, found, numbered, this.scopeLabel()), pattern, caller);
  }

  private fail(report: string, pattern: MessagePattern, caller: Function): never {
    const error = new SegmentAssertionError(report, pattern, this.messages);
    // Start the stack at the test's line, not inside the kit.
    Error.captureStackTrace?.(error, caller);
    throw error;
  }
}
