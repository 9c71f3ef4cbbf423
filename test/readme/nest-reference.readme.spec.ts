/**
 * Proves README section "Nest reference": its ```ts blocks verbatim ("SegmentService", "Named
 * clients" (blocks/named-clients.ts and the getSegmentToken block below), "Serverless and
 * scripts"), and its other blocks against what a real app produces: the "Validation at boot"
 * message word for word, the "Forwarding errors" JSON against a delivered message, and the
 * "Shutdown" log line as Nest's console logger prints it.
 */
import { Controller, Get, Module, Post } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import {
  SegmentModule,
  SegmentService,
  Track,
  getSegmentToken,
  segmentConfig,
  type SegmentModuleOptions,
} from 'nestjs-segment';
import { SegmentCollector } from 'nestjs-segment/testing';
import { RecordingLogger } from '../support/recording-logger.js';
import { readmeBlock } from './support/readme.js';
import { startApp, signedIn, type StartedApp } from './support/nest-app.js';
import { SEGMENT_US, routeSegmentHosts } from './support/segment-hosts.js';
import { optionsFailure } from '../support/options-failure.js';

const WRITE_KEY = 'readme-nest-write-key';
const MARKETING_WRITE_KEY = 'readme-marketing-write-key';

// README "SegmentService": the constructor, verbatim, in a controller of this test.
@Controller('cart')
class CartController {
  constructor(private readonly segment: SegmentService) {}

  @Post('checkout')
  checkout() {
    const messageId = this.segment.track({ event: 'Checkout Started', context: { page: { title: 'Cart' } } });
    return { messageId, user: this.segment.currentUser() };
  }
}

@Controller('orders')
class FailingOrdersController {
  @Get(':id')
  find(): never {
    throw new Error('kaboom');
  }
}

@Controller('newsletter')
class NewsletterController {
  // README "Named clients": "and in decorators: @Track('Newsletter Opened', { client: 'marketing' })".
  @Get('open')
  @Track('Newsletter Opened', { client: 'marketing' })
  open() {
    return { opened: true };
  }
}

/** The write key each collected message was sent with, by messageId. */
function writeKeysByMessageId(collector: SegmentCollector): Map<string, string | undefined> {
  const keys = new Map<string, string | undefined>();
  for (const sent of collector.requests) for (const message of sent.messages) keys.set(String(message.messageId), sent.writeKey);
  return keys;
}

describe('README: Nest reference', () => {
  const savedEnv = { ...process.env };
  let collector: SegmentCollector;
  let started: StartedApp | undefined;

  beforeEach(async () => {
    collector = new SegmentCollector({ writeKeys: [WRITE_KEY, MARKETING_WRITE_KEY] });
    await collector.start();
  });

  afterEach(async () => {
    await started?.app.close();
    started = undefined;
    process.env = { ...savedEnv };
    await collector.stop();
  });

  async function boot(options: Partial<SegmentModuleOptions>, controllers: Array<new (...args: never[]) => unknown> = [], userId?: string): Promise<StartedApp> {
    @Module({ imports: [SegmentModule.forRoot({ writeKey: WRITE_KEY, host: collector.url, ...options })], controllers })
    class TestAppModule {}
    const moduleRef = await Test.createTestingModule({ imports: [TestAppModule] }).compile();
    started = await startApp(moduleRef, userId === undefined ? undefined : (app) => app.use(signedIn(userId)));
    return started;
  }

  it('Validation at boot: app.init() rejects with a SegmentOptionsError whose message is the README example, word for word', async () => {
    delete process.env.SEGMENT_WRITE_KEY;
    process.env.SEGMENT_HOST = 'https://events.eu.segmentapis.com';
    process.env.SEGMENT_FLUSH_AT = '-1';
    const moduleRef = await Test.createTestingModule({
      imports: [ConfigModule.forRoot({ ignoreEnvFile: true }), SegmentModule.forRootAsync(segmentConfig.asProvider())],
    }).compile();
    // NestFactory.create() (here createNestApplication) is not aborted; init() is where it fails.
    const app = moduleRef.createNestApplication({ logger: false });
    const error = await optionsFailure(() => app.init(), app);

    expect(error.message).toBe(readmeBlock('Validation at boot', '').body);
    expect(error.problems.map(({ option, envVar }) => ({ option, envVar }))).toEqual([
      { option: 'writeKey', envVar: 'SEGMENT_WRITE_KEY' },
      { option: 'host', envVar: 'SEGMENT_HOST' },
      { option: 'flushAt', envVar: 'SEGMENT_FLUSH_AT' },
    ]);
  });

  it('SegmentService: injected by its class; inside a request it adds the user and merges the request page under the caller\'s', async () => {
    const { url } = await boot({ flushAt: 1 }, [CartController], 'user-42');

    const answer = await request(url).post('/cart/checkout?step=1').set('user-agent', 'ReadmeBrowser/1.0').expect(201);

    expect(answer.body.user).toEqual({ userId: 'user-42' });
    const [message] = await collector.waitFor(1);
    expect(message).toMatchObject({ messageId: answer.body.messageId, userId: 'user-42', event: 'Checkout Started' });
    expect(message!.context).toMatchObject({ userAgent: 'ReadmeBrowser/1.0', page: { title: 'Cart', path: '/cart/checkout', search: '?step=1' } });
    // Outside a request the service is the bare client.
    expect(started!.app.get(SegmentService).currentUser()).toBeUndefined();
  });

  describe('Named clients', () => {
    let routes: ReturnType<typeof routeSegmentHosts>;

    beforeEach(() => {
      // The README's AppModule names no host: Segment's host leads to the collector.
      routes = routeSegmentHosts({ [SEGMENT_US]: collector.url });
      process.env.SEGMENT_WRITE_KEY = WRITE_KEY;
      process.env.MARKETING_WRITE_KEY = MARKETING_WRITE_KEY;
    });

    afterEach(() => routes.restore());

    it('two sources, each with its own write key: NewsletterService gets the marketing client, and @Track({ client: "marketing" }) sends with it', async () => {
      const { AppModule, NewsletterService } = await import('./blocks/named-clients.js');
      const moduleRef = await Test.createTestingModule({ imports: [AppModule], providers: [NewsletterService], controllers: [NewsletterController] }).compile();
      const { app, url } = (started = await startApp(moduleRef, (express) => express.use(signedIn('user-9'))));
      const marketing = moduleRef.get<SegmentService>(getSegmentToken('marketing'));
      const product = app.get(SegmentService);

      expect(moduleRef.get(NewsletterService)['marketing']).toBe(marketing);
      expect(marketing).not.toBe(product);
      expect(getSegmentToken()).toBe(SegmentService);
      const fromProduct = product.track({ userId: 'user-9', event: 'Order Completed' });
      const fromMarketing = marketing.track({ userId: 'user-9', event: 'Newsletter Sent' });
      await request(url).get('/newsletter/open').expect(200, { opened: true });
      await app.close();
      started = undefined;

      const opened = collector.messages.find((message) => message.event === 'Newsletter Opened');
      expect(opened).toMatchObject({ userId: 'user-9' });
      const keys = writeKeysByMessageId(collector);
      expect([keys.get(fromProduct), keys.get(fromMarketing), keys.get(String(opened!.messageId))]).toEqual([WRITE_KEY, MARKETING_WRITE_KEY, MARKETING_WRITE_KEY]);
      expect(collector.messages).toHaveLength(3);
    });

    it('getSegmentToken(name) is the injection token to override a named client in tests', async () => {
      const { AppModule } = await import('./blocks/named-clients.js');
      const fakeSegment = { track: () => 'fake-message-id' };

      // README block, verbatim:
      const moduleRef = await Test.createTestingModule({ imports: [AppModule] })
        .overrideProvider(getSegmentToken('marketing'))
        .useValue(fakeSegment)
        .compile();

      try {
        expect(moduleRef.get(getSegmentToken('marketing'))).toBe(fakeSegment);
        expect(moduleRef.get(getSegmentToken())).toBeInstanceOf(SegmentService);
      } finally {
        await moduleRef.close();
      }
    });
  });

  it('Forwarding errors: an exception escaping a handler arrives as the README\'s JSON example', async () => {
    const { url } = await boot({ forwardErrors: true, flushAt: 1 }, [FailingOrdersController], 'user-7');

    await request(url).get('/orders/o-981').expect(500);

    const documented = JSON.parse(readmeBlock('Forwarding errors', 'json').body) as Record<string, unknown>;
    const [message] = await collector.waitFor(1);
    expect(message).toMatchObject({ type: 'track' });
    expect(Object.fromEntries(Object.keys(documented).map((field) => [field, message![field]]))).toEqual(documented);
  });

  it('Shutdown: what could not be delivered is logged as the README\'s line, a count with the reason, nothing else', async () => {
    const { app, logger } = await boot({ shutdownTimeoutMs: 50 });
    // Segment holds its answer longer than the shutdown may take.
    collector.delayNext({ ms: 60_000 });
    const segment = app.get(SegmentService);
    for (let i = 0; i < 12; i++) segment.track({ userId: 'user-12', event: 'Queued At Shutdown' });

    await app.close();
    started = undefined;

    const line = readmeBlock('Shutdown', '').body;
    const printed = logger.printed.filter((entry) => entry.includes('shutdown flush'));
    expect(printed).toHaveLength(1);
    expect(printed[0]).toMatch(/^\[Nest\] \d+ {2}- .+ {4}WARN \[Segment\] /);
    expect(printed[0]!.endsWith(line)).toBe(true);
    expect(logger.text).not.toContain(WRITE_KEY);
    expect(logger.text).not.toContain('Queued At Shutdown');
  });

  it('Serverless and scripts: await segment.flush() before returning, and read delivered / failed / failures', async () => {
    const { app } = await boot({ flushInterval: 3_600_000, logger: new RecordingLogger() });
    const segment = app.get(SegmentService);
    const messageId = segment.track({ userId: 'u1', event: 'Lambda Invoked' });

    // README block, verbatim:
    const { delivered, failed, failures } = await segment.flush();

    expect({ delivered, failed, failures }).toEqual({ delivered: 1, failed: 0, failures: [] });
    expect(collector.messages.map((message) => message.messageId)).toEqual([messageId]);
  });
});

