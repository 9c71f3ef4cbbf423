/**
 * The Nest app variants (see NEST_VARIANTS in nest-variants.ts), each serving GET /orders/:id (a
 * JSON order) and sending its analytics to `sinkUrl`. Built here once for both measures: over
 * real HTTP (nest-app.ts) and in-process (nest-inprocess-app.ts).
 */
import 'reflect-metadata';
import {
  Controller,
  Get,
  Inject,
  Injectable,
  Module,
  Param,
  Req,
  type DynamicModule,
  type INestApplication,
  type NestInterceptor,
  type OnApplicationShutdown,
  type Provider,
  type Type,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { CALIBRATION_US, type NestVariant } from './nest-variants.js';
import { WRITE_KEY, trackCall, type OrderProperties } from './workload.js';

export interface VariantAppConfig {
  adapter: 'express' | 'fastify';
  variant: NestVariant;
  sinkUrl: string;
}

interface Order {
  id: string;
  status: string;
  total: number;
  currency: string;
  items: number;
}

/** What the handlers read of a request, on Express and on Fastify alike. */
interface BenchRequest {
  headers: Record<string, string | string[] | undefined>;
  ip?: string;
  url: string;
  originalUrl?: string;
  protocol?: string;
}

const EVENT = 'Order Viewed';

function order(id: string): Order {
  return { id, status: 'shipped', total: 59.9, currency: 'EUR', items: 1 };
}

/** The same ~300-byte order properties as the client benchmark. */
function properties(result: Order | undefined): OrderProperties {
  return { ...trackCall(0).properties, orderId: result?.id ?? 'unknown' };
}

function userOf(request: BenchRequest | undefined): string {
  return String(request?.headers['x-user-id'] ?? 'anonymous');
}

/**
 * The context a user of @segment/analytics-node takes by hand in a handler: ip, userAgent and
 * page { path, search, url }, from what Express and Fastify both expose.
 */
function contextByHand(request: BenchRequest): { ip?: string; userAgent?: string; page: { path: string; search: string; url: string } } {
  const target = request.originalUrl ?? request.url;
  const query = target.indexOf('?');
  const userAgent = request.headers['user-agent'];
  return {
    ip: request.ip,
    userAgent: typeof userAgent === 'string' ? userAgent : undefined,
    page: {
      path: query < 0 ? target : target.slice(0, query),
      search: query < 0 ? '' : target.slice(query),
      url: `${request.protocol ?? 'http'}://${String(request.headers.host)}${target}`,
    },
  };
}

/** (w): the plain handler, CALIBRATION_US of CPU longer: a spin on the process CPU clock, so preemption cannot shorten it. */
function slowerController(): Type {
  @Controller('orders')
  class SlowerOrdersController {
    @Get(':id')
    get(@Param('id') id: string): Order {
      const cpuUs = (): number => {
        const usage = process.cpuUsage();
        return usage.user + usage.system;
      };
      const until = cpuUs() + CALIBRATION_US;
      while (cpuUs() < until);
      return order(id);
    }
  }
  return SlowerOrdersController;
}

function plainController(): Type {
  @Controller('orders')
  class OrdersController {
    @Get(':id')
    get(@Param('id') id: string): Order {
      return order(id);
    }
  }
  return OrdersController;
}

/** c: one @Track on the handler; d: five, stacked (each one a further event of the request). */
async function trackedController(variant: 'c' | 'd'): Promise<Type> {
  const { Track } = await import('../lib/index.js');
  const options = { userId: ({ request }: { request?: BenchRequest }) => userOf(request), properties: ({ result }: { result?: Order }) => properties(result) };
  @Controller('orders')
  class TrackedOrdersController {
    @Get(':id')
    @Track<Order, BenchRequest>(EVENT, options)
    get(@Param('id') id: string): Order {
      return order(id);
    }
  }
  @Controller('orders')
  class FiveTimesTrackedOrdersController {
    @Get(':id')
    @Track<Order, BenchRequest>(`${EVENT} 1`, options)
    @Track<Order, BenchRequest>(`${EVENT} 2`, options)
    @Track<Order, BenchRequest>(`${EVENT} 3`, options)
    @Track<Order, BenchRequest>(`${EVENT} 4`, options)
    @Track<Order, BenchRequest>(`${EVENT} 5`, options)
    get(@Param('id') id: string): Order {
      return order(id);
    }
  }
  return variant === 'c' ? TrackedOrdersController : FiveTimesTrackedOrdersController;
}

const ANALYTICS = Symbol('analytics-node');
const POSTHOG = Symbol('posthog-node');

/** n: @segment/analytics-node as its README shows it, one instance, track() in the handler. */
async function analyticsNodeParts(sinkUrl: string): Promise<{ controller: Type; providers: Provider[] }> {
  const { Analytics } = await import('@segment/analytics-node');
  type AnalyticsClient = InstanceType<typeof Analytics>;

  @Injectable()
  class AnalyticsShutdown implements OnApplicationShutdown {
    constructor(@Inject(ANALYTICS) private readonly analytics: AnalyticsClient) {}
    onApplicationShutdown(): Promise<void> {
      return this.analytics.closeAndFlush({ timeout: 30_000 });
    }
  }

  @Controller('orders')
  class AnalyticsOrdersController {
    constructor(@Inject(ANALYTICS) private readonly analytics: AnalyticsClient) {}

    @Get(':id')
    get(@Param('id') id: string, @Req() request: BenchRequest): Order {
      const result = order(id);
      this.analytics.track({ userId: userOf(request), event: EVENT, properties: properties(result), context: contextByHand(request) });
      return result;
    }
  }
  return {
    controller: AnalyticsOrdersController,
    providers: [{ provide: ANALYTICS, useFactory: () => new Analytics({ writeKey: WRITE_KEY, host: sinkUrl }) }, AnalyticsShutdown],
  };
}

/**
 * p: posthog-node as its NestJS guide shows it: a global PostHogInterceptor (request context:
 * url, method, path, user agent, ip; the distinct id from getDistinctId) and capture() in the
 * handler. Its defaults: batches of 20, gzip.
 */
async function postHogParts(sinkUrl: string): Promise<{ controller: Type; providers: Provider[]; interceptor: (client: unknown) => Promise<NestInterceptor> }> {
  const { PostHog } = await import('posthog-node');
  type PostHogClient = InstanceType<typeof PostHog>;

  @Injectable()
  class PostHogShutdown implements OnApplicationShutdown {
    constructor(@Inject(POSTHOG) private readonly posthog: PostHogClient) {}
    onApplicationShutdown(): Promise<void> {
      return this.posthog.shutdown(30_000);
    }
  }

  @Controller('orders')
  class PostHogOrdersController {
    constructor(@Inject(POSTHOG) private readonly posthog: PostHogClient) {}

    @Get(':id')
    get(@Param('id') id: string): Order {
      const result = order(id);
      this.posthog.capture({ event: EVENT, properties: properties(result) });
      return result;
    }
  }
  return {
    controller: PostHogOrdersController,
    providers: [{ provide: POSTHOG, useFactory: () => new PostHog(WRITE_KEY, { host: sinkUrl }) }, PostHogShutdown],
    interceptor: async (client) => {
      const { PostHogInterceptor } = await import('posthog-node/nestjs');
      // Its own structural copy of Nest's interceptor types.
      return new PostHogInterceptor(client as PostHogClient, { getDistinctId: (request: BenchRequest) => userOf(request) }) as unknown as NestInterceptor;
    },
  };
}

interface AppParts {
  imports: DynamicModule[];
  controller: Type;
  providers: Provider[];
  /** A global interceptor, built from the app (PostHog's takes its client). */
  interceptor?: (app: INestApplication) => Promise<NestInterceptor>;
}

async function partsFor(config: VariantAppConfig): Promise<AppParts> {
  switch (config.variant) {
    case 'a':
      return { imports: [], controller: plainController(), providers: [] };
    case 'w':
      return { imports: [], controller: slowerController(), providers: [] };
    case 'n':
      return { imports: [], ...(await analyticsNodeParts(config.sinkUrl)) };
    case 'p': {
      const parts = await postHogParts(config.sinkUrl);
      return { imports: [], controller: parts.controller, providers: parts.providers, interceptor: (app) => parts.interceptor(app.get(POSTHOG)) };
    }
    case 'b':
    case 'c':
    case 'd': {
      const { SegmentModule } = await import('../lib/index.js');
      const imports = [SegmentModule.forRoot({ writeKey: WRITE_KEY, host: config.sinkUrl })];
      const controller = config.variant === 'b' ? plainController() : await trackedController(config.variant);
      return { imports, controller, providers: [] };
    }
  }
}

/**
 * The variant's app, built but neither initialised nor listening: the HTTP runner (nest-app.ts)
 * listens on it, the in-process one (nest-inprocess-app.ts) initialises it and injects requests.
 */
export async function buildVariantApp(config: VariantAppConfig): Promise<INestApplication> {
  const parts = await partsFor(config);
  @Module({ imports: parts.imports, controllers: [parts.controller], providers: parts.providers })
  class BenchModule {}
  const adapter = config.adapter === 'express' ? new ExpressAdapter() : new FastifyAdapter();
  const app = await NestFactory.create(BenchModule, adapter, { logger: ['error', 'warn'] });
  if (parts.interceptor) app.useGlobalInterceptors(await parts.interceptor(app));
  return app;
}

/** What drainAnalyticsNode reads of @segment/analytics-node 3.x beyond its public flush(). */
interface AnalyticsNodeInternals {
  flush(): Promise<void>;
  _pendingEvents: number;
  _publisher: { flush(pendingItemsCount: number): void };
}

/**
 * analytics-node's flush() sends its open batch only when no other batch is in flight (the open
 * batch must hold every pending event); otherwise that batch waits for the 10 s flushInterval.
 * Asking again each millisecond, as flush() itself asks, sends it once the batches in flight are
 * answered: the same sending work, without 10 idle seconds per measured window.
 */
async function drainAnalyticsNode(analytics: AnalyticsNodeInternals): Promise<void> {
  let drained = false;
  const flushed = analytics.flush().then(() => {
    drained = true;
  });
  while (!drained) {
    await new Promise((resolve) => setTimeout(resolve, 1));
    if (!drained && analytics._pendingEvents > 0) analytics._publisher.flush(analytics._pendingEvents);
  }
  await flushed;
}

/**
 * Sends what the variant's analytics library has queued and resolves once it was delivered
 * (each library's own flush), so a measure can count the deferred sending of its events.
 */
export async function drainAnalytics(app: INestApplication, variant: NestVariant): Promise<void> {
  switch (variant) {
    case 'a':
    case 'w':
      return;
    case 'n':
      return drainAnalyticsNode(app.get<AnalyticsNodeInternals>(ANALYTICS));
    case 'p':
      return app.get<InstanceType<typeof import('posthog-node').PostHog>>(POSTHOG).flush();
    case 'b':
    case 'c':
    case 'd': {
      const { SegmentService } = await import('../lib/index.js');
      await app.get(SegmentService).flush();
    }
  }
}
