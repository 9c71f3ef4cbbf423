import type { ExecutionContext } from '@nestjs/common';
import type { SegmentHttpRequest } from './segment-module.options.js';

function isRequest(value: unknown): value is SegmentHttpRequest {
  return value !== null && typeof value === 'object' && typeof (value as { headers?: unknown }).headers === 'object';
}

/**
 * The HTTP request behind an execution context, the way nestjs-cls finds it, without importing
 * @nestjs/graphql or @nestjs/microservices: HTTP from the adapter (an Express Request or a
 * Fastify request), GraphQL from its context argument (`req` for Apollo/Express, `request` or
 * `reply.request` for Mercurius). RPC and WebSocket contexts have none: undefined.
 */
export function httpRequestOf(context: ExecutionContext): SegmentHttpRequest | undefined {
  const type = context.getType<string>();
  if (type === 'http') {
    // getArgByIndex(0) is what switchToHttp().getRequest() returns, minus the closures it allocates.
    const request: unknown = context.getArgByIndex(0);
    return isRequest(request) ? request : undefined;
  }
  if (type === 'graphql') {
    const gqlContext = context.getArgByIndex<Record<string, unknown> | undefined>(2);
    if (gqlContext === null || typeof gqlContext !== 'object') return undefined;
    const request = gqlContext.req ?? gqlContext.request ?? (gqlContext.reply as { request?: unknown } | undefined)?.request;
    return isRequest(request) ? request : undefined;
  }
  return undefined;
}
