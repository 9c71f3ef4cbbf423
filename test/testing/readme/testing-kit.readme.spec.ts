// Proves README "Testing with the kit": each README block named below appears verbatim here,
// inside a test that runs it. (The overrideModule and SegmentCollector blocks are proven by
// the sample app's e2e suites, sample-app/test/shop.*.e2e-spec.ts, where they appear verbatim.)
import { expect } from '@jest/globals';
import { Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { SegmentModule, getSegmentToken } from 'nestjs-segment';
import { SegmentAssertionError, SegmentCollector, SegmentRecorder } from 'nestjs-segment/testing';
import { readmeBlock } from '../../readme/support/readme.js';
import { CheckoutController, CheckoutService } from '../kit/checkout.fixture.js';

// README "Testing with the kit" > "The recorder": the failure report shown there, read from the README.
const FAILURE_REPORT = readmeBlock('The recorder', 'text', 'expectTracked("Order Completed") failed').body;

describe('README: the recorder', () => {
  let recorder: SegmentRecorder;

  beforeEach(() => {
    recorder = new SegmentRecorder();
    const segment = recorder.createService();
    segment.identify({ userId: 'u1', traits: { plan: 'pro' } });
    segment.track({ userId: 'u1', event: 'Order Completed', properties: { orderId: 'o-1', total: 41 } });
  });

  it('patterns: matchers, predicates and absent fields', () => {
    recorder.expectTracked(/^Order /, {
      messageId: expect.any(String), // any object with asymmetricMatch(), such as Jest's matchers
      properties: {
        orderId: /^o-/, // a RegExp tests a string
        total: (total: unknown) => Number(total) > 40, // a function is a predicate
        coupon: undefined, // undefined: the field must be absent
      },
    });
  });

  it('a failed assertion reads as the README shows', () => {
    let report = '';
    try {
      recorder.expectTracked('Order Completed', { userId: 'u1', properties: { total: 42 } });
    } catch (error) {
      expect(error).toBeInstanceOf(SegmentAssertionError);
      report = (error as Error).message;
    }
    expect(report).toBe(FAILURE_REPORT);
  });
});

// An application with its real clients, as in the README: the marketing client gets replaced.
let collectorUrl = '';

@Module({
  imports: [
    SegmentModule.forRootAsync({ useFactory: () => ({ writeKey: 'app-key', host: collectorUrl }) }),
    SegmentModule.forRootAsync({ name: 'marketing', useFactory: () => ({ writeKey: 'marketing-key', host: collectorUrl }) }),
  ],
  controllers: [CheckoutController],
  providers: [CheckoutService],
})
class AppModule {}

describe('README: replacing one named client', () => {
  const collector = new SegmentCollector();
  beforeAll(async () => {
    collectorUrl = await collector.start();
  });
  afterAll(() => collector.stop());

  it('overrideProvider(getSegmentToken(name)).useValue(recorder.createService(name))', async () => {
    const recorder = new SegmentRecorder();
    const moduleRef = await Test.createTestingModule({ imports: [AppModule] })
      .overrideProvider(getSegmentToken('marketing'))
      .useValue(recorder.createService('marketing'))
      .compile();
    const app = await moduleRef.createNestApplication({ logger: false }).init();
    await request(app.getHttpServer()).post('/signup').send({ email: 'ada@example.com', newsletter: true }).expect(201);
    await app.close();

    recorder.expectTracked('Newsletter Subscribed', { userId: 'u-new' });
    // The default client stayed real: closing the app delivered its messages.
    expect(collector.messages.map((message) => message.event ?? message.type)).toEqual(['identify', 'Signed Up']);
  });
});
