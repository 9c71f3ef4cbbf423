import type { ExecutionContext } from '@nestjs/common';
import { graphqlHandler, rpcHandler, wsHandler } from './handler-identity.js';
import { RequestContextStore, type RequestEmitter } from './request-context.store.js';
import type { SegmentHttpRequest } from '../segment-module.options.js';
import { handshakeOf } from './websocket-handshake.js';

function isRequest(value: unknown): value is SegmentHttpRequest {
  return (
    value !== null &&
    typeof value === 'object' &&
    (value as { headers?: unknown }).headers !== null &&
    typeof (value as { headers?: unknown }).headers === 'object'
  );
}

/** The HTTP request of a GraphQL context: Apollo's and Mercurius' `req`, else `request` or `reply.request`. */
function graphqlRequest(context: ExecutionContext): SegmentHttpRequest | undefined {
  const graphql = context.getArgByIndex<{ req?: unknown; request?: unknown; reply?: { request?: unknown } } | undefined>(2);
  if (graphql === null || typeof graphql !== 'object') return undefined;
  const request = graphql.req ?? graphql.request ?? graphql.reply?.request;
  return isRequest(request) ? request : undefined;
}

/**
 * One store per GraphQL HTTP request that the adapter hooks did not open, whatever the number of
 * resolver calls it carries and however many interceptors (one instance per module) see it.
 */
const roots = new WeakMap<SegmentHttpRequest, RequestContextStore>();

function rootOf(request: SegmentHttpRequest, emitter: () => RequestEmitter | undefined): RequestContextStore {
  let root = roots.get(request);
  if (root === undefined) roots.set(request, (root = new RequestContextStore(request, emitter())));
  return root;
}

/**
 * The store a handler runs in, from its `ExecutionContext` alone: `current` where it already is
 * the request's (the adapter hooks opened it), a new or shared one otherwise, undefined for a
 * kind of context it does not know. May throw on a context it cannot read: callers catch.
 *
 * @param emitter the app's decorator sender, looked up only when a store is created.
 */
export function handlerStoreFor(
  context: ExecutionContext,
  current: RequestContextStore | undefined,
  emitter: () => RequestEmitter | undefined,
): RequestContextStore | undefined {
  switch (context.getType<string>()) {
    case 'http': {
      const request: unknown = context.switchToHttp().getRequest();
      if (!isRequest(request)) return undefined;
      // One handler per HTTP request: no need to share the store (a WeakMap entry costs GC time).
      return current?.request === request ? current : new RequestContextStore(request, emitter());
    }
    case 'graphql': {
      const request = graphqlRequest(context);
      const root = request === undefined ? undefined : current?.request === request ? current : rootOf(request, emitter);
      return (root ?? new RequestContextStore(undefined, emitter())).forHandler(graphqlHandler(context));
    }
    case 'rpc':
      return new RequestContextStore(undefined, emitter(), rpcHandler(context));
    case 'ws':
      return new RequestContextStore(handshakeOf(context.switchToWs().getClient<unknown>()), emitter(), wsHandler(context));
    default:
      return undefined;
  }
}
