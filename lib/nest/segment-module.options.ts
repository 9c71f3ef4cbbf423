import type { FactoryProvider, ModuleMetadata, Type } from '@nestjs/common';
import type { SegmentClientOptions, SegmentId } from '../core/index.js';

/**
 * The HTTP request as the adapter hands it to Nest: an Express `Request` or a Fastify
 * `FastifyRequest`. Only what this package reads is typed; cast for the rest
 * (`(request as Request).user`).
 */
export interface SegmentHttpRequest {
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly ip?: string;
  readonly method?: string;
  readonly url?: string;
  readonly [field: string]: unknown;
}

/** Who a request belongs to, as a user resolver reports it. */
export interface SegmentUser {
  userId?: SegmentId;
  anonymousId?: SegmentId;
}

/**
 * Maps a request to its user. Runs once per request, lazily, when the first message of that
 * request is sent (so guards have already set `request.user`).
 */
export type SegmentUserResolver = (request: SegmentHttpRequest) => SegmentUser | null | undefined;

/** Which request fields go into `context`. Every field defaults to on. */
export interface SegmentContextOptions {
  /**
   * `context.ip` from the adapter's `request.ip` (Express `trust proxy`, Fastify `trustProxy`
   * decide whether X-Forwarded-For counts). `'anonymize'` zeroes the last IPv4 octet or the
   * last 80 bits of an IPv6 address; `false` omits it. Default `true`.
   */
  ip?: boolean | 'anonymize';
  /** `context.userAgent` from the User-Agent header. Default `true`. */
  userAgent?: boolean;
  /** `context.page { path, url, search, referrer }` of the request. Default `true`. */
  page?: boolean;
  /** `context.locale`: the first language of Accept-Language. Default `true`. */
  locale?: boolean;
  /** `context.handler`: what handled the message (route, GraphQL field, RPC pattern, job). Default `true`. */
  handler?: boolean;
}

/** `forwardErrors` in detail. `true` means all defaults. */
export interface SegmentForwardErrorsOptions {
  /** The track event name. Default `'Error Captured'`. */
  event?: string;
  /** Skip exceptions with an HTTP status from 400 to 499 (client mistakes, not faults). Default `true`. */
  exclude4xx?: boolean;
}

/**
 * What a decorator does when its message would have no user: neither its own `userId` /
 * `anonymousId` nor the request's user gives one (a public page, a visitor not signed in).
 *
 * - `'warn-once'`: the message is not sent; one warning per decorator, however many requests,
 *   and the loss is still counted (`stats()`, `events$`, `onError`) as before.
 * - `'skip'`: the message is not sent, silently and uncounted: the route is meant to be anonymous.
 * - `{ header: 'x-anonymous-id' }` / `{ cookie: 'ajs_anonymous_id' }`: the request's header or
 *   cookie of that name is the `anonymousId` (Analytics.js keeps it in `ajs_anonymous_id`).
 *   A request without it is handled as `'warn-once'`.
 */
export type SegmentAnonymousPolicy = 'warn-once' | 'skip' | { readonly header: string } | { readonly cookie: string };

/** Settings that exist only in Nest: how requests become context, hooks, shutdown. */
export interface SegmentNestOptions {
  /** Which request fields to collect into `context`; `false` collects none. */
  context?: SegmentContextOptions | false;
  /**
   * Resolves a request's user, to fill `userId`/`anonymousId` when a call gives neither.
   * Default: `request.user?.id` as userId. `false` never fills them.
   */
  user?: SegmentUserResolver | false;
  /** What a decorator does when its message has no user. Default `'warn-once'`. */
  anonymous?: SegmentAnonymousPolicy;
  /**
   * Open a request context for each HTTP request (Express or Fastify), so that every message
   * sent while it runs gets its `context` and user, and decorators' mappers get `request`.
   * Default `true`. `SegmentContextInterceptor` opens one wherever it is applied, either way.
   */
  requestContext?: boolean;
  /** How long the flush on application shutdown may take, in ms. Default 10,000. */
  shutdownTimeoutMs?: number;
  /** Track exceptions that escape a handler, for requests with a known user. Default `false`. */
  forwardErrors?: boolean | SegmentForwardErrorsOptions;
}

/** Everything `SegmentModule.forRoot()` takes (besides `name` and `isGlobal`). */
export interface SegmentModuleOptions extends SegmentClientOptions, SegmentNestOptions {}

/** What `useClass`/`useExisting` providers of `forRootAsync` implement. */
export interface SegmentOptionsFactory {
  createSegmentOptions(): SegmentModuleOptions | Promise<SegmentModuleOptions>;
}

/** Options of the module definition itself, known when `forRoot`/`forRootAsync` is called. */
export interface SegmentModuleExtras {
  /** Registers a named client, injected with `@InjectSegment(name)`. Default: the default client. */
  name?: string;
  /** Make the client injectable everywhere without importing the module. Default `true`. */
  isGlobal?: boolean;
  /**
   * As the option of the same name. Module-level because it decides whether a global
   * interceptor is registered, and Nest's interceptor pipeline costs every request.
   */
  forwardErrors?: boolean | SegmentForwardErrorsOptions;
  /**
   * As the options of the same names, given next to `segmentConfig.asProvider()` (or any
   * factory) instead of inside what it returns. What the factory returns wins field by field.
   */
  user?: SegmentUserResolver | false;
  context?: SegmentContextOptions | false;
  anonymous?: SegmentAnonymousPolicy;
}

/** `SegmentModule.forRoot()` takes the options and the module-level settings together. */
export interface SegmentModuleRootOptions extends SegmentModuleOptions, SegmentModuleExtras {}

/**
 * `SegmentModule.forRootAsync()`: one of `useFactory` (with `inject`), `useClass` or
 * `useExisting`; `segmentConfig.asProvider()` fits as is.
 */
export interface SegmentModuleAsyncOptions extends Pick<ModuleMetadata, 'imports'>, SegmentModuleExtras {
  /** Returns the options; receives the `inject` tokens' values in order. */
  useFactory?: (...args: never) => SegmentModuleOptions | Promise<SegmentModuleOptions>;
  inject?: FactoryProvider['inject'];
  /** A class the module instantiates, whose `createSegmentOptions()` returns the options. */
  useClass?: Type<SegmentOptionsFactory>;
  /** An existing provider (from `imports`) whose `createSegmentOptions()` returns the options. */
  useExisting?: Type<SegmentOptionsFactory>;
}
