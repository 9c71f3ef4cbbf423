import type { Integrations, MessageContext, Properties, SegmentId } from '../core/index.js';
import type { SegmentHttpRequest } from './segment-module.options.js';

/** What a decorator's mapper functions receive once the handler's outcome is known. */
export interface SegmentMapperInput<TResult = unknown, TRequest = SegmentHttpRequest> {
  /**
   * The HTTP request being served (also for GraphQL over HTTP); undefined outside one (RPC,
   * WebSocket, a job) and with `requestContext: false`.
   */
  readonly request: TRequest | undefined;
  /** The method's own arguments, as it received them (`@Param`, `@Body`, ... values in order). */
  readonly args: readonly unknown[];
  /** The handler's value (the last one of an Observable); undefined when it threw. */
  readonly result: TResult | undefined;
  /** What the handler threw; undefined on success. */
  readonly error: unknown;
}

/** A value, or a function of the handler's outcome that returns it (undefined leaves the field out). */
export type SegmentMapped<T, TResult = unknown, TRequest = SegmentHttpRequest> =
  | T
  | ((input: SegmentMapperInput<TResult, TRequest>) => T | undefined);

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

export interface AliasDecoratorOptions<TResult = unknown, TRequest = SegmentHttpRequest>
  extends Omit<SegmentDecoratorOptions<TResult, TRequest>, 'userId' | 'anonymousId'> {
  previousId: SegmentMapped<SegmentId, TResult, TRequest>;
  userId: SegmentMapped<SegmentId, TResult, TRequest>;
}
