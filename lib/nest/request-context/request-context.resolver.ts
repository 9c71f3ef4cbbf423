import type { MessageContext, SegmentLogger } from '../../core/index.js';
import { preferredLocale } from './accept-language.js';
import { anonymizeIp, normalizeIp } from './client-ip.js';
import { describeError } from '../../core/internals.js';
import { httpHandler, type SegmentHandlerContext } from './handler-identity.js';
import type { ResolvedRequestContext, RequestContextSource } from './request-context.store.js';
import type { SegmentContextOptions, SegmentHttpRequest, SegmentNestOptions, SegmentUser, SegmentUserResolver } from '../segment-module.options.js';

// Header-derived strings are capped: a hostile 30 KB User-Agent must not push every message
// of its request over Segment's 32 KB limit.
const MAX_USER_AGENT = 1_024;
const MAX_URL = 2_048;

/** The default user resolver: `request.user.id` (what Passport strategies usually set). */
export const defaultUserResolver: SegmentUserResolver = (request) => {
  const id = (request.user as { id?: unknown } | null | undefined)?.id;
  return typeof id === 'string' || typeof id === 'number' ? { userId: id } : undefined;
};

function header(request: SegmentHttpRequest, name: string): string | undefined {
  const value = request.headers[name];
  const first: unknown = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first : undefined;
}

function capped(value: string | undefined, max: number): string | undefined {
  return value === undefined || value.length <= max ? value : value.slice(0, max);
}

/** `{ path, search, url, referrer }` from what Express and Fastify both expose. */
function pageOf(request: SegmentHttpRequest): Record<string, string> | undefined {
  const target = (request.originalUrl ?? request.url) as unknown;
  if (typeof target !== 'string') return undefined;
  const query = target.indexOf('?');
  const path = query < 0 ? target : target.slice(0, query);
  const search = query < 0 ? '' : target.slice(query);
  // `protocol` and `host` are the adapters' getters: they honour trust proxy like `ip` does.
  const protocol = typeof request.protocol === 'string' ? request.protocol : 'http';
  const host = typeof request.host === 'string' && request.host !== '' ? request.host : header(request, 'host');
  const page: Record<string, string> = { path: capped(path, MAX_URL)!, search: capped(search, MAX_URL)! };
  if (host !== undefined) page.url = capped(`${protocol}://${host}${target}`, MAX_URL)!;
  const referrer = capped(header(request, 'referer'), MAX_URL);
  if (referrer !== undefined) page.referrer = referrer;
  return page;
}

/** Computes a request's context and user as one client's options say. */
export class RequestContextResolver implements RequestContextSource {
  private readonly ip: boolean | 'anonymize';
  private readonly userAgent: boolean;
  private readonly page: boolean;
  private readonly locale: boolean;
  private readonly handler: boolean;
  private readonly user: SegmentUserResolver | undefined;
  private userFailures = 0;

  constructor(
    options: Pick<SegmentNestOptions, 'context' | 'user'>,
    private readonly logger: SegmentLogger,
  ) {
    const context: SegmentContextOptions =
      options.context === false ? { ip: false, userAgent: false, page: false, locale: false, handler: false } : (options.context ?? {});
    this.ip = context.ip ?? true;
    this.userAgent = context.userAgent ?? true;
    this.page = context.page ?? true;
    this.locale = context.locale ?? true;
    this.handler = context.handler ?? true;
    this.user = options.user === false ? undefined : (options.user ?? defaultUserResolver);
  }

  resolve(request: SegmentHttpRequest | undefined, handler: SegmentHandlerContext | undefined): ResolvedRequestContext {
    const identity = !this.handler ? undefined : (handler ?? (request === undefined ? undefined : httpHandler(request)));
    if (request === undefined) return { context: identity === undefined ? undefined : { handler: identity }, user: undefined };
    return { context: this.contextOf(request, identity), user: this.userOf(request) };
  }

  withHandler(resolved: ResolvedRequestContext, handler: SegmentHandlerContext): ResolvedRequestContext {
    return this.handler ? { context: { ...resolved.context, handler }, user: resolved.user } : resolved;
  }

  private contextOf(request: SegmentHttpRequest, handler: SegmentHandlerContext | undefined): MessageContext | undefined {
    const context: MessageContext = {};
    let empty = true;
    const ip = this.ip === false ? undefined : normalizeIp(request.ip);
    if (ip !== undefined) {
      context.ip = this.ip === 'anonymize' ? anonymizeIp(ip) : ip;
      empty = false;
    }
    const userAgent = this.userAgent ? capped(header(request, 'user-agent'), MAX_USER_AGENT) : undefined;
    if (userAgent !== undefined) {
      context.userAgent = userAgent;
      empty = false;
    }
    const page = this.page ? pageOf(request) : undefined;
    if (page !== undefined) {
      context.page = page;
      empty = false;
    }
    const languages = request.headers['accept-language'];
    const locale = this.locale && (typeof languages === 'string' || Array.isArray(languages)) ? preferredLocale(languages) : undefined;
    if (locale !== undefined) {
      context.locale = locale;
      empty = false;
    }
    if (handler !== undefined) {
      context.handler = handler;
      empty = false;
    }
    return empty ? undefined : context;
  }

  private userOf(request: SegmentHttpRequest): SegmentUser | undefined {
    if (this.user === undefined) return undefined;
    try {
      const user = this.user(request);
      if (user === null || user === undefined) return undefined;
      const { userId, anonymousId } = user;
      if (userId === undefined && anonymousId === undefined) return undefined;
      return userId === undefined ? { anonymousId } : anonymousId === undefined ? { userId } : { userId, anonymousId };
    } catch (error) {
      // One line for the first failure and one per thousand after: a broken resolver on a busy
      // route must not flood the log, and must not break the request either.
      if (this.userFailures++ % 1_000 === 0) {
        this.logger.warn(`the user resolver threw (${describeError(error)}); messages of the request go without a user (${this.userFailures} so far).`);
      }
      return undefined;
    }
  }
}
