import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { SegmentService, segmentConfig } from 'nestjs-segment';
import { SegmentCollector } from 'nestjs-segment/testing';
import { AppModule } from '../src/app.module.js';
import { CARDS } from '../src/orders/payments.service.js';
import { ADAPTERS, listen } from './support/adapters.js';
import { Shopper } from './support/shopper.js';

// The whole application with its real clients, over real HTTP to a local Segment collector:
// batching, the wire format, retries and the flush on shutdown, as production runs them.
describe.each(ADAPTERS)('sample shop against a SegmentCollector on $name', ({ adapter }) => {
  let collector: SegmentCollector;
  let app: INestApplication | undefined;
  let shopper: Shopper;

  beforeEach(async () => {
    collector = new SegmentCollector({ strict: true }); // strict: answer 400 to messages that break the Segment Spec
    await collector.start();
    // Every client reads segmentConfig (the SEGMENT_* variables): point it at the collector.
    const moduleRef = await Test.createTestingModule({ imports: [AppModule] })
      .overrideProvider(segmentConfig.KEY)
      .useValue({ writeKey: 'e2e-key', host: collector.url, flushInterval: 10, minRetryDelay: 5 })
      .compile();
    app = await listen(moduleRef, adapter);
    shopper = new Shopper(app);
  });
  afterEach(async () => {
    await app?.close();
    await collector.stop();
  });

  it('delivers sign-up, login and the order, each once, with the request context', async () => {
    await shopper.signUp();
    await shopper.logIn();
    await shopper.order();
    const messages = await collector.waitFor((received) => received.some((message) => message.event === 'Order Completed'));

    expect(messages.map((message) => message.event ?? message.type).sort()).toEqual(['Logged In', 'Newsletter Subscribed', 'Order Completed', 'Signed Up', 'identify']);
    expect(messages.find((message) => message.event === 'Order Completed')).toEqual(
      expect.objectContaining({
        userId: shopper.userId,
        properties: expect.objectContaining({ total: 50, currency: 'EUR' }),
        context: expect.objectContaining({ ip: '127.0.0.1', locale: 'fr-CH', page: expect.objectContaining({ path: '/orders' }) }),
      }),
    );
    expect(collector.violations).toEqual([]);
    expect(collector.duplicates).toBe(0);
  });

  it('the failed payment still arrives when the app closes: the shutdown hook flushes', async () => {
    await shopper.signUp('bob@example.com', { newsletter: false });
    await shopper.logIn('bob@example.com');
    await app!.get(SegmentService).flush();
    collector.clear();

    await shopper.order(CARDS.declined, 402);
    await app!.close();
    app = undefined;
    expect(collector.messages).toEqual([
      expect.objectContaining({ type: 'track', event: 'Payment Failed', userId: shopper.userId, properties: expect.objectContaining({ reason: 'card_declined' }) }),
    ]);
  });

  it('a Segment outage is retried with the same messageIds: nothing lost, nothing doubled', async () => {
    collector.failNext({ status: 503, times: 2 }); // the next two batches get 503; the client retries with the same messageIds
    await shopper.signUp('eve@example.com', { newsletter: false });
    const result = await app!.get(SegmentService).flush();

    expect(result).toEqual(expect.objectContaining({ delivered: 2, failed: 0, dropped: 0 }));
    expect(collector.requests.map((request) => request.status)).toEqual([503, 503, 200]);
    expect(collector.messages.map((message) => message.event ?? message.type)).toEqual(['identify', 'Signed Up']);
  });
});
