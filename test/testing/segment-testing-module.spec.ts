import type { INestApplication } from '@nestjs/common';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { SegmentOptionsError, SegmentService, SegmentValidationError, getSegmentToken } from '../../lib/index.js';
import { SegmentRecorder, SegmentTestingModule } from '../../lib/testing/index.js';
import { CheckoutController, CheckoutService } from './kit/checkout.fixture.js';

const ADAPTERS = [
  { name: 'Express', create: () => new ExpressAdapter() },
  { name: 'Fastify', create: () => new FastifyAdapter() },
];

const browser = { 'user-agent': 'Mozilla/5.0 (kit)', 'accept-language': 'de-CH, de;q=0.9', referer: 'https://shop.example/cart', 'x-user-id': 'u-7' };

describe.each(ADAPTERS)('SegmentTestingModule over HTTP on $name', (adapter) => {
  let app: INestApplication;
  let recorder: SegmentRecorder;

  beforeEach(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [SegmentTestingModule.forRoot(), SegmentTestingModule.forRoot({ name: 'marketing' })],
      controllers: [CheckoutController],
      providers: [CheckoutService],
    }).compile();
    app = moduleRef.createNestApplication(adapter.create(), { logger: false });
    await app.listen(0, '127.0.0.1');
    recorder = app.get(SegmentRecorder);
  });
  afterEach(async () => {
    await app.close();
  });

  it('records decorator messages with the request context and the user, by the time the response arrives', async () => {
    const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    await request(url).post('/orders?via=kit').set(browser).send({ total: 42 }).expect(201);

    const message = recorder.expectTracked('Order Completed', { userId: 'u-7', properties: { orderId: 'o-1', total: 42 } });
    expect(message.context).toEqual({
      ip: '127.0.0.1',
      userAgent: 'Mozilla/5.0 (kit)',
      locale: 'de-CH',
      page: { path: '/orders', search: '?via=kit', url: `${url}/orders?via=kit`, referrer: 'https://shop.example/cart' },
      handler: { kind: 'http', method: 'POST', route: '/orders' },
      library: expect.objectContaining({ name: 'nestjs-segment' }),
    });
    expect(message).toEqual(expect.objectContaining({ type: 'track', messageId: expect.any(String), timestamp: expect.any(String) }));
  });

  it('records what a service sends on the failure path, and no success event', async () => {
    await request(app.getHttpServer()).post('/orders').set(browser).send({ total: 13, card: 'declined' }).expect(500);
    recorder.expectTracked('Payment Failed', { userId: 'u-7', properties: { reason: 'card_declined', total: 13 } });
    recorder.expectNotTracked('Order Completed');
  });

  it('keeps the decorators order and records named clients apart, in one recorder', async () => {
    await request(app.getHttpServer()).post('/signup').send({ email: 'ada@example.com', newsletter: true }).expect(201);
    expect(recorder.messages.map((message) => message.event ?? message.type)).toEqual(['Newsletter Subscribed', 'identify', 'Signed Up']);
    recorder.expectIdentified({ userId: 'u-new', traits: { email: 'ada@example.com' } });
    recorder.forClient('marketing').expectTracked('Newsletter Subscribed', { userId: 'u-new' });
    recorder.forClient().expectNotTracked('Newsletter Subscribed');
    expect(recorder.forClient().messages).toHaveLength(2);
  });

  it('records page and group decorators', async () => {
    await request(app.getHttpServer()).get('/account').set(browser).expect(200);
    recorder.expectPage('Account', { category: 'Settings', userId: 'u-7', context: { page: { path: '/account' } } });
    recorder.expectGrouped('team-1', { userId: 'u-7', traits: { plan: 'pro' } });
  });
});

describe('SegmentTestingModule without HTTP', () => {
  it('records synchronously at call time, validates for real, and sends nothing', async () => {
    const moduleRef = await Test.createTestingModule({ imports: [SegmentTestingModule.forRoot()] }).compile();
    const segment = moduleRef.get(SegmentService);
    const recorder = moduleRef.get(SegmentRecorder);

    const messageId = segment.track({ userId: 'u1', event: 'Order Completed', properties: { total: 42 } });
    expect(recorder.tracked('Order Completed')).toEqual([expect.objectContaining({ messageId, userId: 'u1' })]);
    expect(() => segment.track({ userId: 'u1', event: '' })).toThrow(SegmentValidationError);
    expect(recorder.errors).toEqual([expect.any(SegmentValidationError)]);
    expect(recorder.messages).toHaveLength(1);
    expect(segment.stats()).toEqual(expect.objectContaining({ queued: 0, inFlight: 0, batches: 0, bytesSent: 0 }));
    await moduleRef.close();
  });

  it('outside a request a message carries only what the call gave', async () => {
    const moduleRef = await Test.createTestingModule({ imports: [SegmentTestingModule.forRoot()] }).compile();
    moduleRef.get(SegmentService).identify({ userId: 'u1', traits: { plan: 'pro' } });
    const [message] = moduleRef.get(SegmentRecorder).identified();
    expect(Object.keys(message!.context)).toEqual(['library']);
    await moduleRef.close();
  });

  it('registers the same tokens as SegmentModule', async () => {
    const moduleRef = await Test.createTestingModule({ imports: [SegmentTestingModule.forRoot({ name: 'audit' })] }).compile();
    expect(moduleRef.get(getSegmentToken('audit'))).toBeInstanceOf(SegmentService);
    expect(() => moduleRef.get(SegmentService)).toThrow();
    await moduleRef.close();
  });

  it('rejects options SegmentModule would reject, naming them', () => {
    expect(() => SegmentTestingModule.forRoot({ shutdownTimeoutMs: -1 })).toThrow(SegmentOptionsError);
    expect(() => SegmentTestingModule.forRoot({ requestContext: false, forwardErrors: true })).toThrow(/forwardErrors/);
  });
});
