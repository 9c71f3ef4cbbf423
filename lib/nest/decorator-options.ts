import type { Observable } from 'rxjs';
import type { Integrations, MessageContext, Properties, SegmentId } from '../core/index.js';
import type { SegmentHttpRequest } from './segment-module.options.js';

/*
 * A decorator's first type argument, `TResult`, is either the handler's result type
 * (`@Track<Order>`) or the decorated method's own type (`@Track<OrdersController['create']>`),
 * which types `args` as well. A function type is always read as the method's type.
 */

/** The value mappers see of a method returning `R`: awaited, or an Observable's last value. */
type SettledValue<R> = R extends Observable<infer V> ? V : Awaited<R>;

/** `result` as mappers see it: `TResult` itself, or the settled return value of a method type. */
export type SegmentResultOf<TResult> = [TResult] extends [(...args: never[]) => infer R] ? SettledValue<R> : TResult;

/** `args` as mappers see them: a method type's parameters, else unknown values. */
export type SegmentArgsOf<TResult> = [TResult] extends [(...args: infer A) => unknown] ? Readonly<A> : readonly unknown[];

/** The methods a decorator typed with `TResult` may go on; any other fails `tsc` where it is applied. */
export type SegmentDecoratedMethod<TResult> = [TResult] extends [(...args: infer A) => infer R]
  ? (...args: A) => R
  : (...args: never[]) => TResult | PromiseLike<TResult> | Observable<TResult>;

/**
 * What `@Track`, `@Identify`, ... return. Untyped (`@Track('Signed Up')`), a plain
 * `MethodDecorator` (fits `applyDecorators()`); typed, a decorator that checks the method it is
 * applied to: `@Track<Order>` on a method that returns a `string` does not compile.
 */
export type SegmentMethodDecorator<TResult> = unknown extends TResult
  ? MethodDecorator
  : <TMethod extends SegmentDecoratedMethod<TResult>>(target: object, key: string | symbol, descriptor: TypedPropertyDescriptor<TMethod>) => void;

/** What a decorator's mapper functions receive once the handler's outcome is known. */
export interface SegmentMapperInput<TResult = unknown, TRequest = SegmentHttpRequest> {
  /**
   * The HTTP request being served (also for GraphQL over HTTP); with SegmentContextInterceptor
   * on a WebSocket gateway, the handshake's `{ headers, ip }`; undefined for RPC, jobs, and
   * with `requestContext: false` unless the interceptor opens the context.
   */
  readonly request: TRequest | undefined;
  /**
   * The method's own arguments, as it received them (`@Param`, `@Body`, ... values in order);
   * typed when the decorator's type argument is the method's type.
   */
  readonly args: SegmentArgsOf<TResult>;
  /** The handler's value (the last one of an Observable); undefined when it threw. */
  readonly result: SegmentResultOf<TResult> | undefined;
  /** What the handler threw; undefined on success. */
  readonly error: unknown;
}

/** A value, or a function of the handler's outcome that returns it (undefined leaves the field out). */
export type SegmentMapped<T, TResult = unknown, TRequest = SegmentHttpRequest> = T | ((input: SegmentMapperInput<TResult, TRequest>) => T | undefined);

/** When a decorator sends: after the handler succeeded (default), after it threw, or both. */
export type SegmentEmitWhen = 'success' | 'error' | 'always';

/** Options every message decorator takes. */
export interface SegmentDecoratorOptions<TResult = unknown, TRequest = SegmentHttpRequest> {
  /** Default `'success'`. */
  when?: SegmentEmitWhen;
  /** The named client to send with (its `name` in `forRoot`). Default: the default client. */
  client?: string;
  /** Default: the request's user, as the module's user resolver finds it. */
  userId?: SegmentMapped<SegmentId, TResult, TRequest>;
  anonymousId?: SegmentMapped<SegmentId, TResult, TRequest>;
  /** Merged over the request's context (these fields win). */
  context?: SegmentMapped<MessageContext, TResult, TRequest>;
  integrations?: SegmentMapped<Integrations, TResult, TRequest>;
}

export interface TrackDecoratorOptions<TResult = unknown, TRequest = SegmentHttpRequest> extends SegmentDecoratorOptions<TResult, TRequest> {
  properties?: SegmentMapped<Properties, TResult, TRequest>;
}

export interface IdentifyDecoratorOptions<TResult = unknown, TRequest = SegmentHttpRequest> extends SegmentDecoratorOptions<TResult, TRequest> {
  traits?: SegmentMapped<Properties, TResult, TRequest>;
}

/** For `@Page` and `@Screen`. */
export interface PageDecoratorOptions<TResult = unknown, TRequest = SegmentHttpRequest> extends SegmentDecoratorOptions<TResult, TRequest> {
  category?: SegmentMapped<string, TResult, TRequest>;
  properties?: SegmentMapped<Properties, TResult, TRequest>;
}

export interface GroupDecoratorOptions<TResult = unknown, TRequest = SegmentHttpRequest> extends SegmentDecoratorOptions<TResult, TRequest> {
  groupId: SegmentMapped<SegmentId, TResult, TRequest>;
  traits?: SegmentMapped<Properties, TResult, TRequest>;
}

export interface AliasDecoratorOptions<TResult = unknown, TRequest = SegmentHttpRequest> extends Omit<
  SegmentDecoratorOptions<TResult, TRequest>,
  'userId' | 'anonymousId'
> {
  previousId: SegmentMapped<SegmentId, TResult, TRequest>;
  userId: SegmentMapped<SegmentId, TResult, TRequest>;
}
