import { Body, Controller, Get, Injectable, Module, Post, Scope, UseGuards, type DynamicModule } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { Test } from '@nestjs/testing';
import { jest } from '@jest/globals';
import request from 'supertest';
import {
  InjectSegment,
  SegmentModule,
  SegmentService,
  Track,
  segmentConfig,
  type SegmentModuleOptions,
  type SegmentOptionsFactory,
} from '../../lib/index.js';
import type { CollectedMessage, SegmentCollector } from '../../lib/testing/index.js';
import { ADAPTERS, bootApp, type AppOptions, type RunningApp } from './support/adapters.js';
import { WRITE_KEY, optionsFor, startCollector, writeKeysByMessageId } from './support/collector.js';
import { RecordingLogger } from '../support/recording-logger.js';
import { HeaderAuthGuard, ShopController } from './support/shop.controller.js';
import { optionsFailure } from '../support/options-failure.js';

@Controller('marketing')
@UseGuards(HeaderAuthGuard)
class MarketingController {
  constructor(@InjectSegment('marketing') private readonly marketing: SegmentService) {}

  @Get('service')
  viaService(): { messageId: string } {
    return { messageId: this.marketing.track({ event: 'Campaign Viewed' }) };
  }

  @Get('decorator')
  @Track('Newsletter Opened', { client: 'marketing' })
  viaDecorator(): { ok: true } {
    return { ok: true };
  }
}

/** Decorators that need no request: they name their user from the method's own arguments. */
@Controller('newsletter')
class NewsletterController {
  constructor(private readonly segment: SegmentService) {}

  @Post()
  @Track('Newsletter Subscribed', { anonymousId: ({ args }) => (args[0] as { email: string }).email })
  subscribe(@Body() body: { email: string }): { messageId: string } {
    // Read after the adapter parsed the body: the request context must still be there.
    return { messageId: this.segment.track({ event: 'Subscription Requested', anonymousId: body.email }) };
  }
}

/** Instantiated per request: unknown at boot, so its decorators find the app through the request. */
@Controller({ path: 'scoped', scope: Scope.REQUEST })
class RequestScopedController {
  @Get()
  @Track('Scoped Viewed', { anonymousId: 'visitor-1' })
  view(): { ok: true } {
    return { ok: true };
  }
}

describe.each(ADAPTERS)('nestjs-segment on $name', (adapter) => {
  let collector: SegmentCollector;
  let running: RunningApp | undefined;
  let logger: RecordingLogger;

  beforeEach(async () => {
    collector = await startCollector();
    logger = new RecordingLogger();
  });
  afterEach(async () => {
    await running?.app.close();
    running = undefined;
    await collector.stop();
  });

  async function boot(overrides: Partial<SegmentModuleOptions> = {}, appOptions: AppOptions = {}): Promise<RunningApp> {
    running = await bootApp(adapter, { imports: [SegmentModule.forRoot(optionsFor(collector, { logger, ...overrides }))], controllers: [ShopController] }, appOptions);
    return running;
  }

  /** Flushes the default client, then returns the delivered messages with this event name. */
  async function delivered(event?: string): Promise<CollectedMessage[]> {
    await running!.app.get(SegmentService).flush();
    return collector.messages.filter((message) => event === undefined || message.event === event);
  }

  const browser = {
    'user-agent': 'Mozilla/5.0 (e2e)',
    'accept-language': 'fr-CH, fr;q=0.9, en;q=0.8',
    referer: 'https://shop.example/cart',
    'x-user-id': 'user-7',
  };

  describe('registration', () => {
    const env = { ...process.env };
    afterEach(() => {
      process.env = { ...env };
    });

    type Imports = Array<DynamicModule | Promise<DynamicModule>>;
    const registrations: Array<[string, (options: SegmentModuleOptions) => Imports]> = [
      ['forRoot', (options) => [SegmentModule.forRoot(options)]],
      ['forRootAsync useFactory', (options) => [SegmentModule.forRootAsync({ useFactory: async () => options })]],
      [
        'forRootAsync useClass',
        (options) => {
          @Injectable()
          class OptionsFromClass implements SegmentOptionsFactory {
            createSegmentOptions(): SegmentModuleOptions {
              return options;
            }
          }
          return [SegmentModule.forRootAsync({ useClass: OptionsFromClass })];
        },
      ],
      [
        'forRootAsync useExisting',
        (options) => {
          @Injectable()
          class SharedOptions implements SegmentOptionsFactory {
            async createSegmentOptions(): Promise<SegmentModuleOptions> {
              return options;
            }
          }
          @Module({ providers: [SharedOptions], exports: [SharedOptions] })
          class OptionsModule {}
          return [SegmentModule.forRootAsync({ imports: [OptionsModule], useExisting: SharedOptions })];
        },
      ],
      [
        'forRootAsync(segmentConfig.asProvider())',
        (options) => {
          Object.assign(process.env, { SEGMENT_WRITE_KEY: options.writeKey, SEGMENT_HOST: options.host, SEGMENT_FLUSH_INTERVAL: '5' });
          return [ConfigModule.forRoot({ ignoreEnvFile: true }), SegmentModule.forRootAsync(segmentConfig.asProvider())];
        },
      ],
    ];

    it.each(registrations)('%s: requests send with their context', async (_name, register) => {
      running = await bootApp(adapter, { imports: register(optionsFor(collector, { logger })), controllers: [ShopController] });
      await request(running.url).post('/orders').set(browser).expect(201);
      const [message] = await delivered('Order Completed');
      expect(message).toEqual(expect.objectContaining({ userId: 'user-7', context: expect.objectContaining({ ip: '127.0.0.1', userAgent: 'Mozilla/5.0 (e2e)' }) }));
      expect(writeKeysByMessageId(collector).get(message!.messageId!)).toBe(WRITE_KEY);
    });

    it('bad config fails boot with one message naming every bad option and its env var, never the write key', async () => {
      Object.assign(process.env, { SEGMENT_WRITE_KEY: WRITE_KEY, SEGMENT_HOST: 'https://events.eu.segmentapis.com', SEGMENT_FLUSH_AT: '-1' });
      const moduleRef = await Test.createTestingModule({
        imports: [ConfigModule.forRoot({ ignoreEnvFile: true }), SegmentModule.forRootAsync(segmentConfig.asProvider())],
        controllers: [ShopController],
      }).compile();
      const app = adapter.create(moduleRef, {});
      const failure = await optionsFailure(() => app.listen(0, '127.0.0.1'), app);
      expect(failure.message).toContain('host (SEGMENT_HOST) names events.eu.segmentapis.com, which is not a Segment region host');
      expect(failure.message).toContain('flushAt (SEGMENT_FLUSH_AT) must be a whole number from 1 to 2500; got -1');
      expect(failure.message).not.toContain(WRITE_KEY);
    });
  });

  describe('request context', () => {
    it('service calls get ip, userAgent, page and locale under the caller context, and the user', async () => {
      const { url } = await boot();
      const response = await request(url).get('/orders/42?coupon=SPRING').set(browser).expect(200);
      const [message] = await delivered('Order Viewed');
      expect(message).toEqual(expect.objectContaining({ messageId: response.body.messageId, userId: 'user-7', properties: { id: '42' } }));
      expect(message!.context).toEqual({
        ip: '127.0.0.1',
        userAgent: 'Mozilla/5.0 (e2e)',
        locale: 'fr-CH',
        page: {
          path: '/orders/42',
          search: '?coupon=SPRING',
          url: `${url}/orders/42?coupon=SPRING`,
          referrer: 'https://shop.example/cart',
          title: 'Order',
        },
        campaign: { name: 'spring' },
        handler: { kind: 'http', method: 'GET', route: '/orders/:id' },
        library: expect.objectContaining({ name: 'nestjs-segment' }),
      });
    });

    it('decorator messages get the same context and user', async () => {
      const { url } = await boot();
      await request(url).post('/orders').set(browser).expect(201);
      const [message] = await delivered('Order Completed');
      expect(message).toEqual(expect.objectContaining({ userId: 'user-7', properties: { orderId: 'o-1', total: 42 } }));
      expect(message!.context).toEqual(expect.objectContaining({ ip: '127.0.0.1', userAgent: 'Mozilla/5.0 (e2e)', locale: 'fr-CH', page: expect.objectContaining({ path: '/orders' }) }));
    });

    it('does not trust X-Forwarded-For by default', async () => {
      const { url } = await boot();
      await request(url).get('/orders/1').set(browser).set('x-forwarded-for', '203.0.113.7').expect(200);
      const [message] = await delivered('Order Viewed');
      expect(message!.context!.ip).toBe('127.0.0.1');
    });

    it('honours the adapter trust proxy setting', async () => {
      const { url } = await boot({}, { trustProxy: true });
      await request(url).get('/orders/1').set(browser).set('x-forwarded-for', '203.0.113.7').expect(200);
      const [message] = await delivered('Order Viewed');
      expect(message!.context!.ip).toBe('203.0.113.7');
    });

    it("anonymizes with ip: 'anonymize'", async () => {
      const { url } = await boot({ context: { ip: 'anonymize' } }, { trustProxy: true });
      await request(url).get('/orders/1').set(browser).set('x-forwarded-for', '203.0.113.7').expect(200);
      const [message] = await delivered('Order Viewed');
      expect(message!.context!.ip).toBe('203.0.113.0');
    });

    it('omits what the context option switches off', async () => {
      const { url } = await boot({ context: { ip: false, locale: false } });
      await request(url).get('/orders/1').set(browser).expect(200);
      const [message] = await delivered('Order Viewed');
      expect(message!.context).not.toHaveProperty('ip');
      expect(message!.context).not.toHaveProperty('locale');
      expect(message!.context).toHaveProperty('userAgent');
    });

    it('uses a custom user resolver', async () => {
      const { url } = await boot({ user: (req) => ({ anonymousId: req.headers['x-device'] as string }) });
      await request(url).get('/orders/1').set('x-device', 'device-9').expect(200);
      const [message] = await delivered('Order Viewed');
      expect(message).toEqual(expect.objectContaining({ anonymousId: 'device-9' }));
      expect(message).not.toHaveProperty('userId');
    });

    it('keeps the context of a request whose body the adapter reads first', async () => {
      running = await bootApp(adapter, { imports: [SegmentModule.forRoot(optionsFor(collector, { logger }))], controllers: [NewsletterController] });
      await request(running.url).post('/newsletter').set(browser).send({ email: 'ada@example.com' }).expect(201);
      const messages = await delivered();
      expect(messages.map((message) => [message.event, message.anonymousId])).toEqual([
        ['Subscription Requested', 'ada@example.com'],
        ['Newsletter Subscribed', 'ada@example.com'],
      ]);
      for (const message of messages) expect(message.context).toEqual(expect.objectContaining({ ip: '127.0.0.1', userAgent: 'Mozilla/5.0 (e2e)', locale: 'fr-CH' }));
    });

    it('with requestContext: false, messages go without request context and decorators still send', async () => {
      running = await bootApp(adapter, {
        imports: [SegmentModule.forRoot(optionsFor(collector, { logger, requestContext: false }))],
        controllers: [ShopController, NewsletterController],
      });
      const { url } = running;
      await request(url).get('/health').set(browser).expect(200);
      await request(url).post('/newsletter').set(browser).send({ email: 'ada@example.com' }).expect(201);
      const messages = await delivered();
      expect(messages.map((message) => message.event)).toEqual(['Health Checked', 'Subscription Requested', 'Newsletter Subscribed']);
      // No request: a decorated method runs as its own handler, which the calls inside it tell too.
      const subscribe = { handler: { kind: 'method', target: 'NewsletterController.subscribe' }, library: expect.any(Object) };
      expect(messages.map((message) => message.context)).toEqual([{ library: expect.any(Object) }, subscribe, subscribe]);
    });
  });

  describe('decorators', () => {
    it('@Track on a sync, a Promise and an Observable handler', async () => {
      const { url } = await boot();
      await request(url).post('/orders').set(browser).expect(201);
      await request(url).post('/orders/async').set(browser).expect(201, { id: 'o-2', total: 7 });
      const stream = await request(url).get('/orders-stream').set(browser).expect(200);
      expect(stream.text).toBe('3');
      const messages = await delivered();
      expect(messages.map((message) => [message.event, message.properties])).toEqual([
        ['Order Completed', { orderId: 'o-1', total: 42 }],
        ['Order Completed Async', { total: 7 }],
        ['Stream Finished', { last: 3 }],
      ]);
    });

    it("when: 'success' | 'error' | 'always', on a handler that throws", async () => {
      const { url } = await boot();
      await request(url).get('/refused').set(browser).expect(400);
      const messages = await delivered();
      expect(messages.map((message) => [message.event, message.properties])).toEqual([
        ['Order Refused', { reason: 'out of stock' }],
        ['Order Attempted', { failed: true }],
      ]);
    });

    it("when: 'success' | 'error' | 'always', on a handler that succeeds", async () => {
      const { url } = await boot();
      await request(url).get('/placed').set(browser).expect(200);
      const messages = await delivered();
      expect(messages.map((message) => [message.event, message.properties])).toEqual([
        ['Order Placed', undefined],
        ['Order Attempted', { failed: false }],
      ]);
    });

    it('a throwing mapper leaves the response intact, is logged with the event name and reported', async () => {
      const { app, url } = await boot();
      const events: unknown[] = [];
      const subscription = app.get(SegmentService).events$.subscribe((event) => events.push(event));
      await request(url).get('/mapper-throws').set(browser).expect(200, { ok: true });
      const messages = await delivered();
      subscription.unsubscribe();
      expect(messages.map((message) => message.event)).toEqual(['Still Sent']);
      expect(logger.text()).toContain("@Track('Never Sent') on ShopController.mapperThrows: the properties mapper threw TypeError: result.items is undefined");
      expect(logger.text()).not.toContain(WRITE_KEY);
      expect(events).toContainEqual(expect.objectContaining({ type: 'dropped', reason: 'invalid', error: expect.objectContaining({ name: 'SegmentMappingError', field: 'properties' }) }));
      expect(app.get(SegmentService).stats().dropped).toBe(1);
    });

    it('an invalid message (no user) leaves the response intact and is logged and reported', async () => {
      const { app, url } = await boot();
      const events: unknown[] = [];
      const subscription = app.get(SegmentService).events$.subscribe((event) => events.push(event));
      await request(url).get('/anonymous').expect(200, { ok: true });
      subscription.unsubscribe();
      expect(await delivered()).toEqual([]);
      expect(logger.text()).toContain("@Track('Needs A User') on ShopController.anonymous: the message was not sent: SegmentValidationError");
      expect(events).toContainEqual(expect.objectContaining({ type: 'dropped', reason: 'invalid' }));
      expect(app.get(SegmentService).stats().dropped).toBe(1);
    });

    it('on a request-scoped controller', async () => {
      running = await bootApp(adapter, { imports: [SegmentModule.forRoot(optionsFor(collector, { logger }))], controllers: [RequestScopedController] });
      await request(running.url).get('/scoped').set(browser).expect(200);
      expect(await delivered()).toEqual([expect.objectContaining({ event: 'Scoped Viewed', context: expect.objectContaining({ locale: 'fr-CH' }) })]);
    });

    it('two apps running at once, with one controller class, each send with their own client', async () => {
      const other = await startCollector();
      const second = await bootApp(adapter, { imports: [SegmentModule.forRoot(optionsFor(other, { logger, writeKey: 'wk_second' }))], controllers: [ShopController] });
      try {
        const { url } = await boot();
        await request(url).post('/orders').set(browser).expect(201);
        await request(second.url).post('/orders').set(browser).expect(201);
        await request(second.url).post('/orders').set(browser).expect(201);
        await second.app.get(SegmentService).flush();
        expect((await delivered()).map((message) => message.event)).toEqual(['Order Completed']);
        expect(other.messages.map((message) => message.event)).toEqual(['Order Completed', 'Order Completed']);
      } finally {
        await second.app.close();
        await other.stop();
      }
    });

    it('@Identify, @Alias, @Group and @Track stacked on one handler, sent in the order written', async () => {
      const { url } = await boot();
      await request(url).post('/signup').set({ ...browser, 'x-user-id': '', 'x-anonymous-id': 'anon-3' }).expect(201);
      const messages = await delivered();
      expect(messages.map((message) => [message.type, message.userId])).toEqual([
        ['identify', 'new-user'],
        ['alias', 'new-user'],
        ['group', 'new-user'],
        ['track', 'new-user'],
      ]);
      expect(messages[0]!.traits).toEqual({ plan: 'free' });
      expect(messages[1]!.previousId).toBe('anon-3');
      expect(messages[2]).toEqual(expect.objectContaining({ groupId: 'team-1', traits: { name: 'Team' } }));
    });

    it('@Page and @Screen', async () => {
      const { url } = await boot();
      await request(url).get('/pricing?plan=pro').set(browser).expect(200);
      const messages = await delivered();
      expect(messages.map((message) => [message.type, message.name, message.category, message.properties])).toEqual([
        ['page', 'Pricing', 'Marketing', { plan: 'pro' }],
        ['screen', 'Pricing Screen', undefined, undefined],
      ]);
    });
  });

  describe('named clients', () => {
    it('deliver to their own write keys, through the service and decorators', async () => {
      running = await bootApp(adapter, {
        imports: [
          SegmentModule.forRoot(optionsFor(collector, { writeKey: 'wk_default', logger })),
          SegmentModule.forRootAsync({ name: 'marketing', useFactory: () => optionsFor(collector, { writeKey: 'wk_marketing', logger }) }),
        ],
        controllers: [ShopController, MarketingController],
      });
      const { url, app } = running;
      const viaService = await request(url).get('/marketing/service').set(browser).expect(200);
      await request(url).get('/marketing/decorator').set(browser).expect(200);
      const fromDefault = await request(url).get('/orders/5').set(browser).expect(200);
      await Promise.all([app.get(SegmentService).flush(), app.get<SegmentService>('SegmentService:marketing').flush()]);
      const keys = writeKeysByMessageId(collector);
      const newsletter = collector.messages.find((message) => message.event === 'Newsletter Opened')!;
      expect(keys.get(viaService.body.messageId)).toBe('wk_marketing');
      expect(keys.get(newsletter.messageId!)).toBe('wk_marketing');
      expect(keys.get(fromDefault.body.messageId)).toBe('wk_default');
      expect(newsletter).toEqual(expect.objectContaining({ userId: 'user-7', context: expect.objectContaining({ ip: '127.0.0.1' }) }));
    });
  });

  describe('forwardErrors', () => {
    it('tracks a 500 with the user, and leaves the response as the exception filter made it', async () => {
      const { url } = await boot({ forwardErrors: true });
      const response = await request(url).get('/boom').set(browser).expect(500);
      expect(response.body).toEqual({ statusCode: 500, message: 'Internal server error' });
      const [message] = await delivered('Error Captured');
      expect(message).toEqual(
        expect.objectContaining({
          userId: 'user-7',
          properties: { name: 'Error', message: 'kaboom', status: 500, route: '/boom', method: 'GET' },
          context: expect.objectContaining({ ip: '127.0.0.1' }),
        }),
      );
    });

    it('skips 4xx by default, and requests without a user', async () => {
      const { url } = await boot({ forwardErrors: true });
      await request(url).get('/missing').set(browser).expect(400);
      await request(url).get('/boom').expect(500);
      expect(await delivered('Error Captured')).toEqual([]);
    });

    it('with forRootAsync it is given next to useFactory, and the factory may detail it', async () => {
      running = await bootApp(adapter, {
        imports: [SegmentModule.forRootAsync({ forwardErrors: true, useFactory: () => optionsFor(collector, { logger, forwardErrors: { event: 'Server Error' } }) })],
        controllers: [ShopController],
      });
      await request(running.url).get('/boom').set(browser).expect(500);
      expect(await delivered('Server Error')).toEqual([expect.objectContaining({ userId: 'user-7', properties: expect.objectContaining({ status: 500 }) })]);
    });

    it('includes 4xx and renames the event when asked', async () => {
      const { url } = await boot({ forwardErrors: { event: 'Server Error', exclude4xx: false } });
      await request(url).get('/missing').set(browser).expect(400);
      const [message] = await delivered('Server Error');
      expect(message!.properties).toEqual(expect.objectContaining({ name: 'BadRequestException', status: 400, route: '/missing' }));
    });
  });

  describe('shutdown', () => {
    it('app.close() delivers every queued event', async () => {
      const { app, url } = await boot({ flushAt: 2_500, flushInterval: 3_600_000 });
      for (let i = 0; i < 20; i++) await request(url).get(`/orders/${i}`).set(browser).expect(200);
      expect(app.get(SegmentService).stats().queued).toBe(20);
      await app.close();
      running = undefined;
      expect(collector.messages.filter((message) => message.event === 'Order Viewed')).toHaveLength(20);
    });

    it('a named client is flushed by its own hook', async () => {
      running = await bootApp(adapter, {
        imports: [
          SegmentModule.forRoot(optionsFor(collector, { writeKey: 'wk_default', flushInterval: 3_600_000, logger })),
          SegmentModule.forRoot({ name: 'marketing', ...optionsFor(collector, { writeKey: 'wk_marketing', flushInterval: 3_600_000, logger }) }),
        ],
        controllers: [ShopController, MarketingController],
      });
      await request(running.url).get('/marketing/service').set(browser).expect(200);
      await request(running.url).get('/orders/1').set(browser).expect(200);
      await running.app.close();
      running = undefined;
      expect(new Set(writeKeysByMessageId(collector).values())).toEqual(new Set(['wk_default', 'wk_marketing']));
    });

    it('bounds the flush by shutdownTimeoutMs and logs the leftovers as a count with the reason', async () => {
      const { app, url } = await boot({ shutdownTimeoutMs: 50, minRetryDelay: 3_600_000, maxRetryDelay: 3_600_000, maxRetryDuration: 86_400_000 });
      collector.failNext({ times: 10, status: 503 });
      await request(url).get('/orders/1').set(browser).expect(200);
      await app.close();
      running = undefined;
      expect(logger.text()).toContain('shutdown flush: 1 message not delivered (shutdown_timeout: 1) after the deadline');
      expect(logger.text()).not.toContain(WRITE_KEY);
    });

    it('SIGTERM with enableShutdownHooks delivers everything queued', async () => {
      const { app, url } = await boot({ flushAt: 2_500, flushInterval: 3_600_000 });
      app.enableShutdownHooks(['SIGTERM']);
      // Jest's sandboxed \`process\` does not receive real signals, so the signal is emitted to the
      // listeners Nest registered; Nest's own re-raise at the end is caught instead of killing Jest.
      let reRaised!: (signal: unknown) => void;
      const shutDown = new Promise((resolve) => (reRaised = resolve));
      const kill = jest.spyOn(process, 'kill').mockImplementation((_pid, signal) => {
        reRaised(signal);
        return true;
      });
      try {
        for (let i = 0; i < 5; i++) await request(url).get(`/orders/${i}`).set(browser).expect(200);
        expect(collector.messages).toHaveLength(0);
        process.emit('SIGTERM', 'SIGTERM');
        expect(await shutDown).toBe('SIGTERM');
      } finally {
        kill.mockRestore();
      }
      running = undefined;
      expect(collector.messages.filter((message) => message.event === 'Order Viewed')).toHaveLength(5);
    });
  });
});
