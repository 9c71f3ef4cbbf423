/**
 * Proves README section "Tracking plans and middleware": each ```ts block is below verbatim,
 * run against a real SegmentCollector (Segment's host routed to it) with the shop plan of
 * test/fixtures as `tracking-plan.json` in the working directory.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Controller, Injectable, Post, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { SegmentClient, SegmentModule, SegmentService, sample, scrub, type SegmentEvent, type SegmentMiddleware } from 'nestjs-segment';
import { SegmentCollector, SegmentRecorder, SegmentTestingModule } from 'nestjs-segment/testing';
import type { TrackingPlan } from '../fixtures/tracking-plans/shop-plan.js';
import { SEGMENT_US, routeSegmentHosts, type SegmentRoutes } from '../readme/support/segment-hosts.js';
import { PUBLIC_API_PLAN } from './support.js';

const WRITE_KEY = 'readme-plan-key';

@Injectable()
class Checkout {
  constructor(private readonly segment: SegmentService<TrackingPlan>) {}

  complete(total: unknown): string {
    return this.segment.track({ userId: 'u1', event: 'Order Completed', properties: { orderId: 'o1', total: total as number, currency: 'EUR' } });
  }

  identify(): string {
    return this.segment.identify({ userId: 'u1', traits: { email: 'ada@example.com', plan: 'pro' } });
  }
}

@Controller('checkout')
class CheckoutController {
  constructor(private readonly checkout: Checkout) {}

  @Post()
  complete(): { ok: true } {
    this.checkout.complete(10);
    return { ok: true };
  }
}

describe('README: Tracking plans and middleware', () => {
  const cwd = process.cwd();
  const savedEnv = { ...process.env };
  let dir: string;
  let collector: SegmentCollector;
  let routes: SegmentRoutes;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'readme-plan-'));
    copyFileSync(PUBLIC_API_PLAN, join(dir, 'tracking-plan.json'));
    process.chdir(dir);
    collector = new SegmentCollector({ writeKeys: [WRITE_KEY, 'your-write-key'] });
    await collector.start();
    routes = routeSegmentHosts({ [SEGMENT_US]: collector.url });
    process.env.SEGMENT_WRITE_KEY = WRITE_KEY;
  });

  afterEach(async () => {
    routes.restore();
    process.env = { ...savedEnv };
    process.chdir(cwd);
    rmSync(dir, { recursive: true, force: true });
    await collector.stop();
  });

  it('the module block validates against the plan file, scrubs and samples before anything is sent', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        SegmentModule.forRoot({
          writeKey: process.env.SEGMENT_WRITE_KEY!,
          trackingPlan: { plan: 'tracking-plan.json', onViolation: 'report', unknownEvents: 'report' },
          middleware: [scrub({ keys: ['email', 'phone'] }), sample({ events: { 'Page Viewed': 0.1 } })],
        }),
      ],
      controllers: [CheckoutController],
      providers: [Checkout],
    }).compile();
    const app: INestApplication = moduleRef.createNestApplication({ logger: false });
    await app.init();
    const segment = app.get(SegmentService);
    const events: SegmentEvent[] = [];
    segment.events$.subscribe((event) => events.push(event));

    await request(app.getHttpServer()).post('/checkout').expect(201);
    app.get(Checkout).identify();
    app.get(Checkout).complete('ten');
    segment.track({ userId: 'u1', event: 'Order Complted' });
    await segment.flush();

    expect(collector.messages.map((message) => message.event ?? message.type)).toEqual(['Order Completed', 'identify', 'Order Completed', 'Order Complted']);
    expect(collector.messages[1]!.traits).toEqual({ plan: 'pro' });
    expect(events.filter((event) => event.type === 'violation').map((event) => event.type === 'violation' && `${event.event}: ${event.violations.map((v) => `${v.pointer} ${v.rule}`).join(', ')}`)).toEqual([
      'Order Completed: /properties/total type',
      'Order Complted: /event unknownEvent',
    ]);
    expect(segment.stats().violations).toBe(2);
    await app.close();
  });

  it('a custom middleware and the typed client block', async () => {
    const withTenant: SegmentMiddleware = (message) => ({ ...message, context: { ...message.context, tenant: 'acme' } });
    const client = new SegmentClient<TrackingPlan>({ writeKey: 'your-write-key', trackingPlan: { plan: 'tracking-plan.json' } });
    const tenanted = new SegmentClient({ writeKey: 'your-write-key', middleware: [withTenant] });
    client.track({ userId: 'u1', event: 'Product Viewed', properties: { productId: 'p1' } });
    tenanted.track({ userId: 'u1', event: 'Anything' });
    await Promise.all([client.close(), tenanted.close()]);
    expect(collector.messages.map((message) => [message.event, message.context?.tenant])).toEqual(
      expect.arrayContaining([
        ['Product Viewed', undefined],
        ['Anything', 'acme'],
      ]),
    );
    expect(client.stats().violations).toBe(0);
  });

  it('the testing blocks: a violation is listed by expectNoViolations()', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        SegmentTestingModule.forRoot({ trackingPlan: { plan: 'tracking-plan.json' } }),
      ],
      providers: [Checkout],
    }).compile();
    const recorder = moduleRef.get(SegmentRecorder);
    moduleRef.get(Checkout).complete(10);
    recorder.expectNoViolations();
    expect(() => moduleRef.get(Checkout).complete('ten')).toThrow('"Order Completed" violates the tracking plan (refused): /properties/total must be number (type).');
    expect(() => recorder.expectNoViolations()).toThrow(/1 message broke the tracking plan/);
    await moduleRef.close();
  });
});
