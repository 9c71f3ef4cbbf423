import { Controller, HttpCode, Module, Post } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { InjectSegment, SegmentModule, SegmentService, Track, segmentConfig } from '../../lib/index.js';
import { SegmentCollector, SegmentTestingModule } from '../../lib/testing/index.js';
import { RecordingLogger } from '../support/recording-logger.js';
import { optionsFailure } from '../support/options-failure.js';
import { ADAPTERS, bootApp, type RunningApp } from '../nest/support/adapters.js';
import { writeKeysByMessageId } from '../nest/support/collector.js';

@Controller('shop')
class ShopController {
  constructor(
    @InjectSegment('marketing') private readonly marketing: SegmentService,
    @InjectSegment('audit') private readonly audit: SegmentService,
  ) {}

  @Post('orders')
  @HttpCode(200)
  @Track('Order Completed', { userId: 'u-1' })
  order(): { ok: true } {
    this.marketing.track({ userId: 'u-1', event: 'Campaign Converted' });
    this.audit.track({ userId: 'u-1', event: 'Order Audited' });
    return { ok: true };
  }
}

/** Three clients configured three ways, none of them for a collector. */
@Module({
  imports: [
    ConfigModule.forRoot({ ignoreEnvFile: true }),
    // Unset in tests, as in most CI runs.
    SegmentModule.forRoot({ writeKey: process.env.SHOP_SEGMENT_WRITE_KEY! }),
    // SEGMENT_* from the environment: the EU region through a proxy.
    SegmentModule.forRootAsync({ name: 'marketing', ...segmentConfig.asProvider() }),
    SegmentModule.forRootAsync({ name: 'audit', useFactory: () => ({ writeKey: 'audit-key', host: 'https://segment-relay.example.com', path: '/ingest' }) }),
  ],
  controllers: [ShopController],
})
class AppModule {}

describe('SegmentTestingModule.redirectTo(): every client of an app to the collector', () => {
  const saved = { ...process.env };
  let collector: SegmentCollector;
  let running: RunningApp | undefined;
  let logger: RecordingLogger;

  beforeEach(async () => {
    delete process.env.SHOP_SEGMENT_WRITE_KEY;
    delete process.env.SEGMENT_WRITE_KEY;
    process.env.SEGMENT_REGION = 'eu';
    process.env.SEGMENT_PROXY = 'http://proxy.corp.example:3128';
    collector = new SegmentCollector();
    await collector.start();
    logger = new RecordingLogger();
  });
  afterEach(async () => {
    await running?.app.close();
    running = undefined;
    await collector.stop();
    process.env = { ...saved };
  });

  it('without it the app does not even boot in a test: its default client has no write key', async () => {
    const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    const error = await optionsFailure(() => app.init(), app);
    expect(error.problems.map((problem) => problem.option)).toEqual(['writeKey']);
  });

  it("as the README has it: the app's own module, and the collector's redirect next to it", async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [AppModule, SegmentTestingModule.redirectTo(collector)],
    }).compile();
    const app = await moduleRef.createNestApplication({ logger: false }).init();
    await request(app.getHttpServer()).post('/shop/orders').expect(200);
    await app.close();
    expect(collector.messages.map((message) => message.event).sort()).toEqual(['Campaign Converted', 'Order Audited', 'Order Completed']);
  });

  it.each(ADAPTERS)('on $name: forRoot from process.env, segmentConfig with a region and a proxy, and a factory with its own host and path all deliver to the collector', async (adapter) => {
    running = await bootApp(adapter, { imports: [AppModule, SegmentTestingModule.redirectTo(collector, { override: { logger } })] });
    await request(running.url).post('/shop/orders').expect(200);
    const messages = await collector.waitFor(3);

    const keys = writeKeysByMessageId(collector);
    expect(Object.fromEntries(messages.map((message) => [message.event, keys.get(String(message.messageId))]))).toEqual({
      'Order Completed': 'redirected-write-key',
      'Campaign Converted': 'redirected-write-key',
      'Order Audited': 'audit-key',
    });
    expect(collector.requests.every((received) => received.path === '/v1/batch')).toBe(true);
    await running.app.close();
    running = undefined;
    expect(logger.lines).toEqual([]);
  });

  it("app.close() does not wait on a Segment that stopped answering: the short deadline ends the flush and says what was lost", async () => {
    running = await bootApp(ADAPTERS[0]!, { imports: [AppModule, SegmentTestingModule.redirectTo(collector.url, { writeKey: 'ci-key', override: { logger, minRetryDelay: 50 } })] });
    await request(running.url).post('/shop/orders').expect(200);
    await collector.waitFor(3);
    await collector.stop();

    await request(running.url).post('/shop/orders').expect(200);
    await running.app.close();
    running = undefined;
    expect(logger.at('warn')).toEqual([
      'shutdown flush: 1 message not delivered (shutdown_timeout: 1) after the deadline.',
      'shutdown flush: 1 message not delivered (shutdown_timeout: 1) after the deadline.',
      'shutdown flush: 1 message not delivered (shutdown_timeout: 1) after the deadline.',
    ]);
    expect(writeKeysByMessageId(collector).get(String(collector.messages[0]!.messageId))).toBe('ci-key');
  });
});
