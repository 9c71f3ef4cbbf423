import { Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { Observable } from 'rxjs';
import { DEFAULT_CLOSE_TIMEOUT_MS } from '../core/index.js';
import type {
  AliasParams,
  CloseOptions,
  CloseResult,
  CommonFields,
  FlushResult,
  GroupParams,
  IdentifyParams,
  MessageContext,
  PageParams,
  ScreenParams,
  SegmentClient,
  SegmentEvent,
  SegmentLogger,
  SegmentStats,
  TrackParams,
} from '../core/index.js';
import { RequestContextResolver } from './request-context/request-context.resolver.js';
import { currentRequestStore, type ResolvedRequestContext } from './request-context/request-context.store.js';
import type { SegmentNestOptions, SegmentUser } from './segment-module.options.js';
import { AppShutdown } from './app-shutdown.js';
import { loggerName } from './logger-name.js';
import { isPlainObject } from '../core/internals.js';
import type { GroupParamsOf, IdentifyParamsOf, TrackParamsOf, TrackingPlanTypes } from '../tracking-plan/plan-types.js';

/** What a `SegmentService` needs besides its client; the module fills it from its options. */
export interface SegmentServiceOptions extends Pick<SegmentNestOptions, 'context' | 'user' | 'shutdownTimeoutMs'> {
  /** The client's name, in log lines. */
  name?: string;
  /** Where the service logs. Default: a Nest `Logger` with context `Segment` (`Segment:name`). */
  logger?: SegmentLogger;
}

/** The fields request data fills in, common to the six calls' params. */
type EnrichableParams = Pick<CommonFields, 'context'> & { userId?: unknown; anonymousId?: unknown };

/**
 * A Segment client for Nest: the six calls, enriched inside a request with the request's
 * `context` (ip, userAgent, page, locale) and user; outside a request, the bare client.
 * One singleton per client: request data travels by AsyncLocalStorage, not request scope.
 *
 * @publicApi
 */
export class SegmentService<TPlan extends TrackingPlanTypes | undefined = undefined> implements OnApplicationShutdown {
  /** The client's outcomes; decorator messages that could not be built are among its `dropped`/`invalid`. */
  readonly events$: Observable<SegmentEvent>;

  private readonly source: RequestContextResolver;
  private readonly logger: SegmentLogger;
  private appShutdown: AppShutdown | undefined;

  constructor(
    private readonly segmentClient: SegmentClient,
    private readonly settings: SegmentServiceOptions = {},
  ) {
    this.logger = settings.logger ?? new Logger(loggerName(settings.name));
    this.source = new RequestContextResolver(settings, this.logger);
    this.events$ = segmentClient.events$;
  }

  /** The framework-free client underneath. */
  get client(): SegmentClient {
    return this.segmentClient;
  }

  /**
   * Enqueues a track call; returns its messageId. Throws SegmentValidationError on bad input.
   * Typed by a generated tracking plan as `SegmentService<TrackingPlan>`.
   */
  track(params: TrackParamsOf<TPlan>): string {
    return this.segmentClient.track(this.withRequest(params as TrackParams, true));
  }

  identify(params: IdentifyParamsOf<TPlan>): string {
    return this.segmentClient.identify(this.withRequest(params as IdentifyParams, true));
  }

  page(params: PageParams): string {
    return this.segmentClient.page(this.withRequest(params, true));
  }

  screen(params: ScreenParams): string {
    return this.segmentClient.screen(this.withRequest(params, true));
  }

  group(params: GroupParamsOf<TPlan>): string {
    return this.segmentClient.group(this.withRequest(params as GroupParams, true));
  }

  /** Alias names both ids itself, so only the request's `context` is added. */
  alias(params: AliasParams): string {
    return this.segmentClient.alias(this.withRequest(params, false));
  }

  /** Sends what is queued; resolves with the outcome of the messages since the previous flush. */
  flush(): Promise<FlushResult> {
    return this.segmentClient.flush();
  }

  /** Resolves once every message accepted before the call is safe from this process dying (stored in Redis with `durable`). */
  persisted(): Promise<void> {
    return this.segmentClient.persisted();
  }

  /** Flushes and refuses further calls. The module does this on application shutdown. */
  close(options?: CloseOptions): Promise<CloseResult> {
    return this.segmentClient.close(options);
  }

  /** The client's counters; `dropped` includes decorator messages that could not be built. */
  stats(): SegmentStats {
    return this.segmentClient.stats();
  }

  /** The current request's user as the resolver sees it; undefined outside a request. */
  currentUser(): SegmentUser | undefined {
    return this.current()?.user;
  }

  /** The `context` fields the current request adds; undefined outside a request. */
  currentContext(): MessageContext | undefined {
    return this.current()?.context;
  }

  /**
   * Flushes everything queued when the application shuts down, within `shutdownTimeoutMs`;
   * with the app's other clients at the same time, when the module joined it to the app's shutdown.
   */
  async onApplicationShutdown(): Promise<void> {
    await (this.appShutdown ?? this.joinAppShutdown(new AppShutdown())).run();
  }

  /**
   * Closes this client together with the app's other clients (the module does this).
   *
   * @internal
   */
  joinAppShutdown(shutdown: AppShutdown): AppShutdown {
    shutdown.join({ client: this.segmentClient, timeoutMs: this.settings.shutdownTimeoutMs ?? DEFAULT_CLOSE_TIMEOUT_MS, logger: this.logger });
    return (this.appShutdown = shutdown);
  }

  private current(): ResolvedRequestContext | undefined {
    return currentRequestStore()?.resolve(this.source);
  }

  /**
   * The request's context goes under the caller's (the caller wins field by field, `page`
   * merged one level down), and its user fills the ids when the caller gave neither.
   */
  private withRequest<T extends EnrichableParams>(params: T, fillUser: boolean): T {
    const store = currentRequestStore();
    // Malformed input goes to the client untouched, so its validation error names the caller's mistake.
    if (store === undefined || !isPlainObject(params) || (params.context !== undefined && !isPlainObject(params.context))) return params;
    const { context, user } = store.resolve(this.source);
    const merged = context === undefined ? params.context : params.context === undefined ? context : mergeContext(context, params.context);
    const addUser = fillUser && user !== undefined && params.userId == null && params.anonymousId == null;
    if (merged === params.context && !addUser) return params;
    return addUser ? { ...params, ...user, context: merged } : { ...params, context: merged };
  }
}

function mergeContext(request: MessageContext, caller: MessageContext): MessageContext {
  const merged = { ...request, ...caller };
  if (isPlainObject(request.page) && isPlainObject(caller.page)) merged.page = { ...request.page, ...caller.page };
  return merged;
}
