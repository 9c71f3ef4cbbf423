import { Body, Controller, Post, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { SegmentService, SegmentViolationError, Track } from '../../lib/index.js';
import { SegmentAssertionError, SegmentRecorder, SegmentTestingModule } from '../../lib/testing/index.js';
import { expectThrown } from '../support/expect-thrown.js';
import { PUBLIC_API_PLAN } from './support.js';

@Controller('orders')
class OrdersController {
  constructor(private readonly segment: SegmentService) {}

  @Post()
  @Track('Order Completed', { userId: 'u1', properties: ({ args }) => args[0] as Record<string, unknown> })
  place(@Body() _body: Record<string, unknown>): { placed: true } {
    return { placed: true };
  }

  @Post('direct')
  direct(@Body() body: Record<string, unknown>): { sent: string } {
    return { sent: this.segment.track({ userId: 'u1', event: 'Order Completed', properties: body }) };
  }
}

const VALID = { orderId: 'o1', total: 10, currency: 'EUR' };
const INVALID = { orderId: 'o1', total: 'ten', currency: 'EUR' };

async function boot(onViolation?: 'report' | 'drop' | 'throw'): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({
    imports: [SegmentTestingModule.forRoot({ trackingPlan: { plan: PUBLIC_API_PLAN, ...(onViolation === undefined ? {} : { onViolation }) }, logger: { log() {}, warn() {}, error() {} } })],
    controllers: [OrdersController],
  }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  await app.init();
  return app;
}

describe('the testing kit with a tracking plan', () => {
  let app: INestApplication | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('records messages that follow the plan, and expectNoViolations() passes', async () => {
    app = await boot();
    await request(app.getHttpServer()).post('/orders').send(VALID).expect(201);
    const recorder = app.get(SegmentRecorder);
    recorder.expectTracked('Order Completed', { properties: VALID });
    recorder.expectNoViolations();
  });

  it('fails the test by default: a direct call throws, and a decorator violation fails the next assertion with a readable report', async () => {
    app = await boot();
    const recorder = app.get(SegmentRecorder);
    const thrown = expectThrown(SegmentViolationError, () => app!.get(SegmentService).track({ userId: 'u1', event: 'Order Completed', properties: INVALID }));
    expect(thrown.message).toBe('"Order Completed" violates the tracking plan (refused): /properties/total must be number (type).');
    recorder.clear();

    // The handler's response is untouched: a decorator never throws into it.
    await request(app.getHttpServer()).post('/orders').send(INVALID).expect(201, { placed: true });
    const failure = expectThrown(SegmentAssertionError, () => recorder.expectNotTracked('Signed Up'));
    expect(failure.message).toMatch(
      /^expectNotTracked\("Signed Up"\) failed: 1 message broke the tracking plan\.\n {2}"Order Completed" \(messageId [\w-]+, refused\): \/properties\/total must be number \(type\)$/,
    );
    expect(() => recorder.expectNoViolations()).toThrow(/^expectNoViolations\(\) failed: 1 message broke the tracking plan\./);
    expect(recorder.messages).toEqual([]);
  });

  it("with onViolation 'report', records the message, and only expectNoViolations() fails", async () => {
    app = await boot('report');
    await request(app.getHttpServer()).post('/orders/direct').send(INVALID).expect(201);
    const recorder = app.get(SegmentRecorder);
    recorder.expectTracked('Order Completed', { properties: { total: 'ten' } });
    expect(recorder.violations.map((error) => error.violations.map(({ pointer, rule }) => `${pointer} ${rule}`))).toEqual([['/properties/total type']]);
    const failure = expectThrown(SegmentAssertionError, () => recorder.expectNoViolations());
    expect(failure.message).toContain('"Order Completed" (messageId ');
    expect(failure.message).toContain(', sent anyway): /properties/total must be number (type)');
    expect(failure.message).not.toContain('ten');
  });
});
