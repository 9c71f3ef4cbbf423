/**
 * Proves README section "Five-minute Nest quick start". Its three ```ts blocks are files of
 * their own, verbatim: blocks/quick-start/app.module.ts, blocks/quick-start/orders.controller.ts
 * (the names the README gives them) and blocks/quick-start/config.app.module.ts. Each test
 * boots them as a real Express app and checks what reaches a SegmentCollector.
 *
 * The README's AppModule names no host (it talks to Segment), so Segment's host is routed to
 * the collector (support/segment-hosts.ts); the @nestjs/config one gets SEGMENT_HOST instead.
 */
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { SegmentService, LIBRARY_VERSION, type SegmentEvent } from 'nestjs-segment';
import { SegmentCollector } from 'nestjs-segment/testing';
import { startApp, signedIn, type StartedApp } from './support/nest-app.js';
import { SEGMENT_US, routeSegmentHosts, type SegmentRoutes } from './support/segment-hosts.js';

const WRITE_KEY = 'readme-quick-start-write-key';

describe('README: Five-minute Nest quick start', () => {
  const savedEnv = { ...process.env };
  let collector: SegmentCollector;
  let routes: SegmentRoutes;
  let started: StartedApp | undefined;

  beforeEach(async () => {
    collector = new SegmentCollector({ writeKeys: [WRITE_KEY] });
    await collector.start();
    routes = routeSegmentHosts({ [SEGMENT_US]: collector.url });
    process.env.SEGMENT_WRITE_KEY = WRITE_KEY;
  });

  afterEach(async () => {
    await started?.app.close();
    started = undefined;
    routes.restore();
    process.env = { ...savedEnv };
    await collector.stop();
  });

  async function bootQuickStart(prepare?: Parameters<typeof startApp>[1]): Promise<StartedApp> {
    const { AppModule } = await import('./blocks/quick-start/app.module.js');
    const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
    started = await startApp(moduleRef, prepare);
    return started;
  }

  it('POST /orders answers the order and @Track sends "Order Completed"; the refund route sends "Order Refunded"; app.close() delivers what is queued', async () => {
    // The quick start's user is `request.user.id`, which the app's authentication sets.
    const { app, url } = await bootQuickStart((express) => express.use(signedIn('user-1')));
    const browser = { 'user-agent': 'ReadmeBrowser/1.0', 'accept-language': 'fr-CH, fr;q=0.9', referer: 'https://shop.example/cart' };

    const created = await request(url).post('/orders?ref=readme').set(browser).expect(201);
    await request(url).post('/orders/o-1/refund').set(browser).expect(201);
    expect(created.body).toEqual({ id: 'o-1', total: 42 });

    // Both messages are still queued (flushInterval 500 ms); closing the app delivers them.
    await app.close();
    started = undefined;

    const port = new URL(url).port;
    const context = {
      ip: '127.0.0.1',
      userAgent: 'ReadmeBrowser/1.0',
      locale: 'fr-CH',
      library: { name: 'nestjs-segment', version: LIBRARY_VERSION },
    };
    expect(collector.messages).toEqual([
      expect.objectContaining({
        type: 'track',
        event: 'Order Completed',
        userId: 'user-1',
        properties: { orderId: 'o-1', total: 42 },
        context: {
          ...context,
          page: { path: '/orders', search: '?ref=readme', url: `http://127.0.0.1:${port}/orders?ref=readme`, referrer: 'https://shop.example/cart' },
          handler: { kind: 'http', method: 'POST', route: '/orders' },
        },
      }),
      expect.objectContaining({
        type: 'track',
        event: 'Order Refunded',
        userId: 'user-1',
        properties: { orderId: 'o-1' },
        context: {
          ...context,
          page: { path: '/orders/o-1/refund', search: '', url: `http://127.0.0.1:${port}/orders/o-1/refund`, referrer: 'https://shop.example/cart' },
          handler: { kind: 'http', method: 'POST', route: '/orders/:id/refund' },
        },
      }),
    ]);
    expect(new Set(routes.requests.map((routed) => `${routed.origin}${routed.path}`))).toEqual(new Set([`${SEGMENT_US}/v1/batch`]));
  });

  it('without a signed-in user: @Track logs and reports its message as invalid (the response is unchanged); the direct track() call throws', async () => {
    const { app, url, logger } = await bootQuickStart();
    const seen: SegmentEvent[] = [];
    const subscription = app.get(SegmentService).events$.subscribe((event) => seen.push(event));

    await request(url).post('/orders').expect(201, { id: 'o-1', total: 42 });
    // "Nest reference > SegmentService": a direct call with bad input throws, so the handler fails.
    await request(url).post('/orders/o-1/refund').expect(500);

    subscription.unsubscribe();
    expect(seen).toEqual([
      expect.objectContaining({ type: 'dropped', reason: 'invalid' }),
      expect.objectContaining({ type: 'dropped', reason: 'invalid' }),
    ]);
    expect(logger.text).toMatch(/WARN \[Segment\] @Track\('Order Completed'\) on OrdersController\.create: the message was not sent: SegmentValidationError: track\(\) needs userId or anonymousId/);
    expect(logger.text).toMatch(/ERROR \[ExceptionsHandler\] SegmentValidationError: track\(\) needs userId or anonymousId/);
    await app.close();
    started = undefined;
    expect(collector.messages).toEqual([]);
  });

  it('with @nestjs/config, the options come from the environment (SEGMENT_WRITE_KEY, SEGMENT_HOST, ...)', async () => {
    process.env.SEGMENT_HOST = collector.url;
    process.env.SEGMENT_FLUSH_AT = '1';
    const { AppModule } = await import('./blocks/quick-start/config.app.module.js');
    const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
    started = await startApp(moduleRef);
    const segment = started.app.get(SegmentService);

    const messageId = segment.track({ userId: 'u1', event: 'Configured From The Environment' });

    const [message] = await collector.waitFor(1);
    expect(message).toMatchObject({ messageId, event: 'Configured From The Environment' });
    expect(collector.requests[0]!.writeKey).toBe(WRITE_KEY);
    // Sent to SEGMENT_HOST itself, not through the route to Segment's default host.
    expect(routes.requests).toEqual([]);
  });
});
