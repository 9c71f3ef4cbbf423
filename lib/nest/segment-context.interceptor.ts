import { Injectable, Logger, Optional, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Observable } from 'rxjs';
import { describeError } from './describe-error.js';
import { graphqlHandler, rpcHandler, wsHandler } from './handler-identity.js';
import type { MessageEmitter } from './message-emitter.js';
import { RequestContextStore, requestContextStorage } from './request-context.store.js';
import { SEGMENT_APP_BINDING, type SegmentAppBinding } from './segment-app-binding.js';
import type { SegmentHttpRequest } from './segment-module.options.js';
import { handshakeOf } from './websocket-handshake.js';

function isRequest(value: unknown): value is SegmentHttpRequest {
  return value !== null && typeof value === 'object' && (value as { headers?: unknown }).headers !== null && typeof (value as { headers?: unknown }).headers === 'object';
}

/** The HTTP request of a GraphQL context: Apollo's and Mercurius' `req`, else `request` or `reply.request`. */
function graphqlRequest(context: ExecutionContext): SegmentHttpRequest | undefined {
  const graphql = context.getArgByIndex<{ req?: unknown; request?: unknown; reply?: { request?: unknown } } | undefined>(2);
  if (graphql === null || typeof graphql !== 'object') return undefined;
  const request = graphql.req ?? graphql.request ?? graphql.reply?.request;
  return isRequest(request) ? request : undefined;
}

/**
 * Opens the request context for handlers the adapter hooks do not reach: RPC messages,
 * WebSocket messages, GraphQL resolver calls (each with its own field), HTTP on other adapters
 * or with `requestContext: false`. Where the hooks already opened the request's store, it joins
 * it: the request's context is still computed once. Reads everything from the
 * `ExecutionContext`; imports none of @nestjs/graphql, microservices or websockets. Never
 * throws into the handler: what it cannot read, it leaves out.
 */
@Injectable()
export class SegmentContextInterceptor implements NestInterceptor {
  private emitter: MessageEmitter | null | undefined;
  private failures = 0;
  private readonly logger = new Logger('Segment');
  /** One store per HTTP request, whatever the number of resolver calls it carries. */
  private readonly roots = new WeakMap<SegmentHttpRequest, RequestContextStore>();

  constructor(@Optional() private readonly moduleRef?: ModuleRef) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    let store: RequestContextStore | undefined;
    try {
      store = this.storeFor(context);
    } catch (error) {
      // One line for the first failure and one per thousand after.
      if (this.failures++ % 1_000 === 0) this.logger.warn(`SegmentContextInterceptor could not read its execution context (${describeError(error)}); the handler runs without its context (${this.failures} so far).`);
    }
    // Nest binds the async scope when `handle()` is called: the handler runs inside the store.
    return store === undefined ? next.handle() : requestContextStorage.run(store, () => next.handle());
  }

  private storeFor(context: ExecutionContext): RequestContextStore | undefined {
    const current = requestContextStorage.getStore();
    switch (context.getType<string>()) {
      case 'http': {
        const request: unknown = context.switchToHttp().getRequest();
        if (!isRequest(request) || current?.request === request) return undefined;
        return this.rootOf(request, current);
      }
      case 'graphql': {
        const request = graphqlRequest(context);
        const root = request === undefined ? undefined : current?.request === request ? current : this.rootOf(request, current);
        return (root ?? new RequestContextStore(undefined, this.emitterFor(current))).forHandler(graphqlHandler(context));
      }
      case 'rpc':
        return new RequestContextStore(undefined, this.emitterFor(current), rpcHandler(context));
      case 'ws':
        return new RequestContextStore(handshakeOf(context.switchToWs().getClient<unknown>()), this.emitterFor(current), wsHandler(context));
      default:
        return undefined;
    }
  }

  private rootOf(request: SegmentHttpRequest, current: RequestContextStore | undefined): RequestContextStore {
    let root = this.roots.get(request);
    if (root === undefined) this.roots.set(request, (root = new RequestContextStore(request, this.emitterFor(current))));
    return root;
  }

  /** The app's decorator sender, for request-scoped instances (which the app could not bind at boot). */
  private emitterFor(current: RequestContextStore | undefined): MessageEmitter | undefined {
    if (current?.emitter !== undefined) return current.emitter;
    if (this.emitter === undefined) {
      try {
        this.emitter = this.moduleRef?.get<SegmentAppBinding>(SEGMENT_APP_BINDING, { strict: false }).emitter ?? null;
      } catch {
        this.emitter = null;
      }
    }
    return this.emitter ?? undefined;
  }
}
