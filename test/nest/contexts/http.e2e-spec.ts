import { BadRequestException, Controller, Get, Injectable, Param, UseGuards, type CanActivate, type DynamicModule, type INestApplication, type Type } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { of, type Observable } from 'rxjs';
import request from 'supertest';
import { SegmentContextInterceptor, SegmentModule, SegmentService, type SegmentModuleOptions } from '../../../lib/index.js';
import { currentRequestStore, type RequestContextStore } from '../../../lib/nest/request-context/request-context.store.js';
import type { SegmentCollector } from '../../../lib/testing/index.js';
import { ADAPTERS, type AdapterCase, type AppOptions } from '../support/adapters.js';
import { optionsFor, startCollector } from '../support/collector.js';
import { BROWSER, countingUser, delivered, named, type CountingUser } from './support/context-test.js';

/** The stores a request was seen in: by the guard (before any interceptor), then by the handler. */
const seen: { guard?: RequestContextStore; handler?: RequestContextStore } = {};

/** Sends before the interceptors run, so a second store would compute the request's context again. */
@Injectable()
class TrackingGuard implements CanActivate {
  constructor(private readonly segment: SegmentService) {}

  canActivate(): boolean {
    seen.guard = currentRequestStore();
    this.segment.track({ event: 'Access Checked', anonymousId: 'guard' });
    return true;
  }
}

@Controller('orders')
class OrdersController {
  constructor(private readonly segment: SegmentService) {}

  @Get(':id')
  @UseGuards(TrackingGuard)
  view(@Param('id') id: string): { id: string } {
    seen.handler = currentRequestStore();
    this.segment.track({ event: 'Order Viewed', properties: { id } });
    return { id };
  }
}

/** Every handler shape, for responses with and without the interceptor. */
@Controller('shapes')
class ShapesController {
  @Get('sync')
  sync(): { shape: string } {
    return { shape: 'sync' };
  }

  @Get('async')
  async promise(): Promise<{ shape: string }> {
    await Promise.resolve();
    return { shape: 'async' };
  }

  @Get('stream')
  stream(): Observable<number> {
    return of(1, 2, 3);
  }

  @Get('refused')
  refused(): never {
    throw new BadRequestException('out of stock');
  }
}

interface Boot {
  readonly app: INestApplication;
  readonly url: string;
}

interface BootOptions extends AppOptions {
  /** How the interceptor is applied to every route. */
  global?: 'provider' | 'instance';
  /** Default: both controllers. */
  controllers?: Type[];
}

async function boot(adapter: AdapterCase, imports: DynamicModule[], options: BootOptions = {}): Promise<Boot> {
  const moduleRef = await Test.createTestingModule({
    imports,
    controllers: options.controllers ?? [OrdersController, ShapesController],
    providers: options.global === 'provider' ? [{ provide: APP_INTERCEPTOR, useClass: SegmentContextInterceptor }] : [],
  }).compile();
  const app = adapter.create(moduleRef, options);
  if (options.global === 'instance') app.useGlobalInterceptors(new SegmentContextInterceptor());
  await app.listen(0, '127.0.0.1');
  return { app, url: (await app.getUrl()).replace('[::1]', '127.0.0.1') };
}

describe.each(ADAPTERS)('HTTP on $name with SegmentContextInterceptor', (adapter) => {
  let collector: SegmentCollector;
  let running: Boot | undefined;
  let user: CountingUser;

  beforeEach(async () => {
    collector = await startCollector();
    user = countingUser();
    delete seen.guard;
    delete seen.handler;
  });
  afterEach(async () => {
    await running?.app.close();
    running = undefined;
    await collector.stop();
  });

  const segment = (options: Partial<SegmentModuleOptions> = {}) => SegmentModule.forRoot(optionsFor(collector, { user: user.resolver, ...options }));

  it('as APP_INTERCEPTOR next to the adapter hooks: joins their store, so the request context is computed once', async () => {
    running = await boot(adapter, [segment()], { global: 'provider' });
    await request(running.url).get('/orders/42?coupon=SPRING').set(BROWSER).expect(200, { id: '42' });
    const messages = await delivered(running.app, collector);
    expect(messages.map((message) => message.event)).toEqual(['Access Checked', 'Order Viewed']);
    expect(seen.handler).toBeDefined();
    expect(seen.handler).toBe(seen.guard);
    expect(user.calls).toBe(1);
    expect(messages[1]!.userId).toBe('user-7');
    for (const message of messages) {
      expect(message.context).toEqual({
        ip: '127.0.0.1',
        userAgent: BROWSER['user-agent'],
        locale: 'fr-CH',
        page: { path: '/orders/42', search: '?coupon=SPRING', url: `${running.url}/orders/42?coupon=SPRING` },
        handler: { kind: 'http', method: 'GET', route: '/orders/:id' },
        library: expect.any(Object),
      });
    }
  });

  it('with requestContext: false, app.useGlobalInterceptors(new SegmentContextInterceptor()) opens the context: same fields, trust proxy and privacy as the hooks', async () => {
    running = await boot(adapter, [segment({ requestContext: false, context: { ip: 'anonymize' } })], { global: 'instance', trustProxy: true });
    await request(running.url).get('/orders/7').set({ ...BROWSER, 'x-forwarded-for': '203.0.113.7' }).expect(200, { id: '7' });
    const [viewed] = named(await delivered(running.app, collector), 'Order Viewed');
    expect(viewed!.context).toEqual(expect.objectContaining({ ip: '203.0.113.0', userAgent: BROWSER['user-agent'], handler: { kind: 'http', method: 'GET', route: '/orders/:id' } }));
    // The guard ran before the interceptor: outside any store, it had nothing to add.
    expect(seen.guard).toBeUndefined();
    expect(user.calls).toBe(1);
  });

  it('without trust proxy, X-Forwarded-For is not believed on the interceptor path either', async () => {
    running = await boot(adapter, [segment({ requestContext: false })], { global: 'instance' });
    await request(running.url).get('/orders/7').set({ ...BROWSER, 'x-forwarded-for': '203.0.113.7' }).expect(200);
    const [viewed] = named(await delivered(running.app, collector), 'Order Viewed');
    expect(viewed!.context).toEqual(expect.objectContaining({ ip: '127.0.0.1' }));
  });

  it('responses are the same with and without the interceptor, and in an app with no Segment client at all', async () => {
    const routes = ['/shapes/sync', '/shapes/async', '/shapes/stream', '/shapes/refused', '/shapes/missing'];
    const responses = async (imports: DynamicModule[], global?: 'provider'): Promise<unknown[]> => {
      const { app, url } = await boot(adapter, imports, { global, controllers: [ShapesController] });
      try {
        return await Promise.all(
          routes.map(async (route) => {
            const response = await request(url).get(route).set(BROWSER);
            return { route, status: response.status, body: response.body as unknown };
          }),
        );
      } finally {
        await app.close();
      }
    };
    const plain = await responses([segment()]);
    expect(plain.map((response) => (response as { status: number }).status)).toEqual([200, 200, 200, 400, 404]);
    await expect(responses([segment()], 'provider')).resolves.toEqual(plain);
    await expect(responses([], 'provider')).resolves.toEqual(plain);
  });
});
