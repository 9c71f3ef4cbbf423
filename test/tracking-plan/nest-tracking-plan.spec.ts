import { Body, Controller, Post, type INestApplication } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { SegmentModule, SegmentService, scrub, segmentConfig, segmentDecorators, type SegmentEvent } from '../../lib/index.js';
import { SegmentCollector } from '../../lib/testing/index.js';
import { optionsFailure } from '../support/options-failure.js';
import { RecordingLogger } from '../support/recording-logger.js';
import type { TrackingPlan } from '../fixtures/tracking-plans/shop-plan.js';
import { PUBLIC_API_PLAN } from './support.js';

const { Track } = segmentDecorators<TrackingPlan>();

interface Viewed {
  productId: string;
  price: number | string;
  email: string;
}

@Controller('products')
class ProductsController {
  constructor(private readonly segment: SegmentService<TrackingPlan>) {}

  /** The response is the body itself: analytics never changes what the handler returns. */
  @Post('view')
  @Track<'Product Viewed', Viewed>('Product Viewed', { userId: 'u1', properties: ({ result }) => ({ productId: result!.productId, price: result!.price as number, email: result!.email }) as never })
  view(@Body() body: Viewed): Viewed {
    return body;
  }

  @Post('group')
  group(@Body() body: { name: unknown }): { ok: true } {
    this.segment.group({ userId: 'u1', groupId: 'g1', traits: { name: body.name as string } });
    return { ok: true };
  }
}

const ADAPTERS = [
  { name: 'Express', create: () => new ExpressAdapter() },
  { name: 'Fastify', create: () => new FastifyAdapter() },
];

describe.each(ADAPTERS)('SegmentModule with trackingPlan and middleware on $name', (adapter) => {
  const collector = new SegmentCollector();
  let app: INestApplication;
  let events: SegmentEvent[];
  let logger: RecordingLogger;

  beforeAll(() => collector.start());
  afterAll(() => collector.stop());
  beforeEach(async () => {
    collector.clear();
    logger = new RecordingLogger();
    events = [];
    const moduleRef = await Test.createTestingModule({
      imports: [
        SegmentModule.forRoot({
          writeKey: 'nest-plan-key',
          host: collector.url,
          flushInterval: 5,
          logger,
          requestContext: false,
          trackingPlan: { plan: PUBLIC_API_PLAN, onViolation: 'drop' },
          middleware: [scrub({ keys: ['email'] })],
        }),
      ],
      controllers: [ProductsController],
    }).compile();
    app = moduleRef.createNestApplication(adapter.create(), { logger: false });
    await app.listen(0, '127.0.0.1');
    app.get(SegmentService).events$.subscribe((event) => events.push(event));
  });
  afterEach(() => app.close());

  it('scrubs, validates and sends decorator and service messages; a violation is dropped and reported, the response unchanged', async () => {
    const server = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    await request(server).post('/products/view').send({ productId: 'p1', price: 12, email: 'ada@example.com' }).expect(201, { productId: 'p1', price: 12, email: 'ada@example.com' });
    await request(server).post('/products/view').send({ productId: 'p2', price: 'twelve', email: 'ada@example.com' }).expect(201);
    await request(server).post('/products/group').send({ name: 42 }).expect(201, { ok: true });
    const segment = app.get(SegmentService);
    const result = await segment.flush();

    expect(collector.messages.map((message) => message.properties)).toEqual([{ productId: 'p1', price: 12 }]);
    expect(result).toMatchObject({ delivered: 1, dropped: 2 });
    expect(segment.stats().violations).toBe(2);
    expect(events.filter((event) => event.type === 'violation').map((event) => event.type === 'violation' && event.violations.map(({ event: name, pointer, rule }) => `${name} ${pointer} ${rule}`))).toEqual([
      ['Product Viewed /properties/price type'],
      ['group /traits/name type'],
    ]);
  });
});

describe('segmentConfig: SEGMENT_TRACKING_PLAN', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  async function boot(): Promise<INestApplication> {
    const moduleRef = await Test.createTestingModule({
      imports: [ConfigModule.forRoot({ ignoreEnvFile: true }), SegmentModule.forRootAsync(segmentConfig.asProvider())],
    }).compile();
    return moduleRef.createNestApplication(new ExpressAdapter(), { logger: false });
  }

  it('reads the plan file named by the variable', async () => {
    process.env.SEGMENT_WRITE_KEY = 'env-plan-key';
    process.env.SEGMENT_DISABLE = 'true';
    process.env.SEGMENT_TRACKING_PLAN = PUBLIC_API_PLAN;
    const app = await boot();
    await app.init();
    const segment = app.get(SegmentService);
    segment.track({ userId: 'u1', event: 'Product Viewed', properties: {} } as never);
    expect(segment.stats().violations).toBe(1);
    await app.close();
  });

  it('fails the boot naming the option and the variable when the file cannot be read', async () => {
    process.env.SEGMENT_WRITE_KEY = 'env-plan-key';
    process.env.SEGMENT_TRACKING_PLAN = '/nonexistent/plan.json';
    const app = await boot();
    const error = await optionsFailure(() => app.init(), app);
    expect(error.problems).toEqual([
      expect.objectContaining({
        option: 'trackingPlan.plan',
        envVar: 'SEGMENT_TRACKING_PLAN',
        message: 'trackingPlan.plan (SEGMENT_TRACKING_PLAN) could not be read from /nonexistent/plan.json (ENOENT); it must be the path of a tracking plan JSON file',
      }),
    ]);
  });
});
