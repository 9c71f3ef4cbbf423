import type { ExecutionContext } from '@nestjs/common';
import type { SegmentHttpRequest } from '../segment-module.options.js';

/**
 * `context.handler`: what handled the message. One object per kind; every field is a string,
 * so a warehouse can group on it. The route and the GraphQL path are patterns and response keys,
 * never raw URLs or argument values, so ids stay out.
 */
export type SegmentHandlerContext =
  /** An HTTP route: `{ kind: 'http', method: 'GET', route: '/orders/:id' }`. */
  | { kind: 'http'; method?: string; route?: string }
  /**
   * One resolver call: `{ kind: 'graphql', operation: 'query', operationName: 'OrderPage',
   * field: 'Query.order', path: 'first', target: 'OrdersResolver.order' }`. `path` is the
   * response path (aliases, list indexes), so aliased fields are told apart.
   */
  | { kind: 'graphql'; operation?: string; operationName?: string; field?: string; path?: string; target: string }
  /** A microservice handler: `{ kind: 'rpc', pattern: '{"cmd":"sum"}', transport: 'tcp', target }`. */
  | { kind: 'rpc'; pattern?: string; transport?: string; target: string }
  /** A WebSocket gateway handler: `{ kind: 'ws', event: 'orders.watch', target }`. */
  | { kind: 'ws'; event?: string; target: string }
  /** A `@Cron`, `@Interval` or `@Timeout` method: `{ kind: 'job', schedule: 'cron', name: 'nightly', target }`. */
  | { kind: 'job'; schedule: string; name?: string; target: string }
  /** A decorated method called outside any of the above (a provider method, a script). */
  | { kind: 'method'; target: string };

// Metadata keys of @nestjs/microservices, @nestjs/websockets and @nestjs/schedule, read by
// their string values: this package imports none of them.
const RPC_TRANSPORT = 'microservices:transport';
const RPC_PATTERN = 'microservices:pattern';
const WS_MESSAGE = 'message';
const SCHEDULER_TYPE = 'SCHEDULER_TYPE';
const SCHEDULER_NAME = 'SCHEDULER_NAME';

/** @nestjs/microservices' `Transport` enum, by value. */
const TRANSPORTS = ['tcp', 'redis', 'nats', 'mqtt', 'grpc', 'rmq', 'kafka'];
/** @nestjs/schedule's `SchedulerType` enum, by value. */
const SCHEDULES: Record<number, string> = { 1: 'cron', 2: 'timeout', 3: 'interval' };
const MAX_FIELD = 200;

function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value.length <= MAX_FIELD ? value : value.slice(0, MAX_FIELD);
  if (typeof value === 'number') return String(value);
  if (value !== null && typeof value === 'object') {
    try {
      return text(JSON.stringify(value));
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** Drops undefined fields: they must not reach the wire as keys. */
function defined<T extends object>(fields: T): T {
  for (const key of Object.keys(fields) as (keyof T)[]) if (fields[key] === undefined) delete fields[key];
  return fields;
}

function targetOf(context: ExecutionContext): string {
  return text(`${context.getClass().name}.${context.getHandler().name}`)!;
}

/** The route pattern, not the URL: Express's matched `route.path`, Fastify's `routeOptions.url`. */
export function routeOf(request: SegmentHttpRequest): string | undefined {
  const express = (request.route as { path?: unknown } | undefined)?.path;
  if (typeof express === 'string') return express;
  const fastify = (request.routeOptions as { url?: unknown } | undefined)?.url;
  return typeof fastify === 'string' ? fastify : undefined;
}

/** From the request alone, so the adapter hooks, which run before Nest knows the handler, can tell it. */
export function httpHandler(request: SegmentHttpRequest): SegmentHandlerContext {
  return defined<SegmentHandlerContext>({ kind: 'http', method: text(request.method), route: text(routeOf(request)) });
}

interface GraphqlPath {
  readonly prev: GraphqlPath | undefined;
  readonly key: string | number;
}

interface GraphqlInfo {
  readonly fieldName?: unknown;
  readonly parentType?: { readonly name?: unknown };
  readonly path?: GraphqlPath;
  readonly operation?: { readonly operation?: unknown; readonly name?: { readonly value?: unknown } | null };
}

/** `orders.0.customer`: the response keys (aliases where given) from the root down. */
function responsePath(path: GraphqlPath | undefined): string | undefined {
  const keys: (string | number)[] = [];
  for (let at = path; at !== null && typeof at === 'object' && keys.length < 32; at = at.prev) {
    if (typeof at.key === 'string' || typeof at.key === 'number') keys.push(at.key);
  }
  return keys.length === 0 ? undefined : keys.reverse().join('.');
}

/** From the resolver's `info` (the fourth resolver argument). */
export function graphqlHandler(context: ExecutionContext): SegmentHandlerContext {
  const info = (context.getArgByIndex(3) ?? {}) as GraphqlInfo;
  const parent = text(info.parentType?.name);
  const field = text(info.fieldName);
  return defined<SegmentHandlerContext>({
    kind: 'graphql',
    operation: text(info.operation?.operation),
    operationName: text(info.operation?.name?.value),
    field: parent !== undefined && field !== undefined ? text(`${parent}.${field}`) : field,
    path: text(responsePath(info.path)),
    target: targetOf(context),
  });
}

/** The transport from the handler's `@MessagePattern(pattern, transport)`, else the context class (`TcpContext`). */
function transportOf(context: ExecutionContext, rpc: object | undefined): string | undefined {
  const declared: unknown = Reflect.getMetadata(RPC_TRANSPORT, context.getHandler());
  if (typeof declared === 'number') return TRANSPORTS[declared];
  if (typeof declared === 'symbol') return declared.description;
  const name = rpc?.constructor?.name;
  return typeof name === 'string' && name.endsWith('Context') ? name.slice(0, -'Context'.length).toLowerCase() : undefined;
}

/** The pattern the message came with (transports that keep one), else the handler's declared pattern. */
function patternOf(context: ExecutionContext, rpc: object | undefined): string | undefined {
  const getPattern = (rpc as { getPattern?: unknown } | undefined)?.getPattern;
  if (typeof getPattern === 'function') {
    const pattern = text(getPattern.call(rpc));
    if (pattern !== undefined) return pattern;
  }
  const declared: unknown = Reflect.getMetadata(RPC_PATTERN, context.getHandler());
  return text(Array.isArray(declared) ? declared[0] : declared);
}

export function rpcHandler(context: ExecutionContext): SegmentHandlerContext {
  const rpc = context.switchToRpc().getContext<unknown>();
  const ctx = rpc !== null && typeof rpc === 'object' ? rpc : undefined;
  return defined<SegmentHandlerContext>({ kind: 'rpc', pattern: patternOf(context, ctx), transport: transportOf(context, ctx), target: targetOf(context) });
}

export function wsHandler(context: ExecutionContext): SegmentHandlerContext {
  const event = text(context.switchToWs().getPattern()) ?? text(Reflect.getMetadata(WS_MESSAGE, context.getHandler()));
  return defined<SegmentHandlerContext>({ kind: 'ws', event, target: targetOf(context) });
}

/**
 * A decorated method run outside any handler: a scheduled job when `@Cron`, `@Interval` or
 * `@Timeout` marked it (their metadata sits on the function the prototype holds), else a method.
 */
export function methodHandler(instance: unknown, method: Function): SegmentHandlerContext {
  const owner = (instance as { constructor?: { name?: unknown } } | null | undefined)?.constructor?.name;
  const target = text(`${typeof owner === 'string' ? owner : 'Object'}.${method.name}`)!;
  const schedule = SCHEDULES[Reflect.getMetadata(SCHEDULER_TYPE, method) as number];
  if (schedule === undefined) return { kind: 'method', target };
  return defined<SegmentHandlerContext>({ kind: 'job', schedule, name: text(Reflect.getMetadata(SCHEDULER_NAME, method)), target });
}
