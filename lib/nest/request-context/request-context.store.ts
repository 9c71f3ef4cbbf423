import { AsyncLocalStorage } from 'node:async_hooks';
import type { MessageContext } from '../../core/index.js';
import type { SegmentHandlerContext } from './handler-identity.js';
import type { MessageSpec } from '../message-spec.js';
import type { SegmentHttpRequest, SegmentUser } from '../segment-module.options.js';

/**
 * The decorators' sender of one app (MessageEmitter), as a store carries it: described here,
 * not imported, as the emitter itself reads stores.
 */
export interface RequestEmitter {
  emit(
    specs: readonly MessageSpec[],
    outcome: 'success' | 'error',
    args: readonly unknown[],
    store: RequestContextStore | undefined,
    result: unknown,
    error: unknown,
  ): void;
}

/** What a request contributes to messages: `context` fields and the user. */
export interface ResolvedRequestContext {
  readonly context: MessageContext | undefined;
  readonly user: SegmentUser | undefined;
}

/** Turns a request into its context; one per client, as clients may collect differently. */
export interface RequestContextSource {
  /** @param handler what handles it when known up front; else, for a request, its HTTP route. */
  resolve(request: SegmentHttpRequest | undefined, handler: SegmentHandlerContext | undefined): ResolvedRequestContext;
  /** The same request context, told as handled by another handler (one resolver call of a GraphQL request). */
  withHandler(resolved: ResolvedRequestContext, handler: SegmentHandlerContext): ResolvedRequestContext;
}

/**
 * One per request (an HTTP request, an RPC message, a WebSocket message) or per run of a
 * decorated method outside one. Holds only the raw request: context and user are computed on
 * the first message that needs them and cached, so a request that sends nothing costs one
 * allocation.
 */
export class RequestContextStore {
  private firstSource: RequestContextSource | undefined;
  private firstResolved: ResolvedRequestContext | undefined;
  private others: Map<RequestContextSource, ResolvedRequestContext> | undefined;

  /**
   * @param request the HTTP request (or a WebSocket's handshake); undefined for RPC and jobs.
   * @param emitter the decorators' sender of the app that received the request: how a
   *   decorated method of a request-scoped instance (unknown at boot) finds its app.
   * @param handler what handles it, when known before the first message.
   * @param parent the request's own store, when this one is one handler call inside it: the
   *   request's context is then computed once, by the parent, for all its calls.
   */
  constructor(
    readonly request: SegmentHttpRequest | undefined,
    readonly emitter?: RequestEmitter,
    readonly handler?: SegmentHandlerContext,
    private readonly parent?: RequestContextStore,
  ) {}

  /** A store for one handler call inside this store's request, sharing its request context. */
  forHandler(handler: SegmentHandlerContext): RequestContextStore {
    const root = this.parent ?? this;
    return new RequestContextStore(root.request, root.emitter, handler, root);
  }

  resolve(source: RequestContextSource): ResolvedRequestContext {
    if (this.firstSource === source) return this.firstResolved!;
    if (this.firstSource === undefined) {
      this.firstResolved = this.compute(source);
      this.firstSource = source;
      return this.firstResolved;
    }
    // Several clients that collect differently in one request: rare, so a Map only then.
    this.others ??= new Map();
    let resolved = this.others.get(source);
    if (resolved === undefined) this.others.set(source, (resolved = this.compute(source)));
    return resolved;
  }

  private compute(source: RequestContextSource): ResolvedRequestContext {
    return this.parent === undefined ? source.resolve(this.request, this.handler) : source.withHandler(this.parent.resolve(source), this.handler!);
  }
}

/** The request store, shared by every client of the process; reached only through the two functions below. */
const requestContextStorage = new AsyncLocalStorage<RequestContextStore>();

/** The store of the request (or decorated run) in progress, if any. */
export function currentRequestStore(): RequestContextStore | undefined {
  return requestContextStorage.getStore();
}

/** Runs `work` with `store` as the current store, for everything it calls and awaits. */
export function runInRequestStore<T>(store: RequestContextStore, work: () => T): T {
  return requestContextStorage.run(store, work);
}
