import { AsyncLocalStorage } from 'node:async_hooks';
import type { MessageContext } from '../core/index.js';
import type { MessageEmitter } from './message-emitter.js';
import type { SegmentHttpRequest, SegmentUser } from './segment-module.options.js';

/** What a request contributes to messages: `context` fields and the user. */
export interface ResolvedRequestContext {
  readonly context: MessageContext | undefined;
  readonly user: SegmentUser | undefined;
}

/** Turns a request into its context; one per client, as clients may collect differently. */
export interface RequestContextSource {
  resolve(request: SegmentHttpRequest): ResolvedRequestContext;
}

/**
 * One per request. Holds only the raw request: context and user are computed on the first
 * message that needs them and cached, so a request that sends nothing costs one allocation.
 */
export class RequestContextStore {
  private firstSource: RequestContextSource | undefined;
  private firstResolved: ResolvedRequestContext | undefined;
  private others: Map<RequestContextSource, ResolvedRequestContext> | undefined;

  /**
   * @param emitter the decorators' sender of the app that received the request: how a
   *   decorated method of a request-scoped instance (unknown at boot) finds its app.
   */
  constructor(
    readonly request: SegmentHttpRequest,
    readonly emitter?: MessageEmitter,
  ) {}

  resolve(source: RequestContextSource): ResolvedRequestContext {
    if (this.firstSource === source) return this.firstResolved!;
    if (this.firstSource === undefined) {
      this.firstResolved = source.resolve(this.request);
      this.firstSource = source;
      return this.firstResolved;
    }
    // Several clients that collect differently in one request: rare, so a Map only then.
    this.others ??= new Map();
    let resolved = this.others.get(source);
    if (resolved === undefined) this.others.set(source, (resolved = source.resolve(this.request)));
    return resolved;
  }
}

/** The request store, shared by every client of the process. */
export const requestContextStorage = new AsyncLocalStorage<RequestContextStore>();
