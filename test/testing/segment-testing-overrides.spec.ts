import { Controller, Get, Module, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { SegmentMappingError, SegmentModule, SegmentService, Track, getSegmentToken } from '../../lib/index.js';
import { SegmentCollector, SegmentRecorder, SegmentTestingModule } from '../../lib/testing/index.js';
import { CheckoutController, CheckoutService } from './kit/checkout.fixture.js';

// An application as users write it: the real clients, configured at boot. Each dynamic module
// is kept in a constant, because overrideModule() matches the very object that was imported.
let collectorUrl = '';
const segmentModule = SegmentModule.forRootAsync({ useFactory: () => ({ writeKey: 'app-key', host: collectorUrl, flushInterval: 1 }) });
const marketingModule = SegmentModule.forRootAsync({ name: 'marketing', useFactory: () => ({ writeKey: 'marketing-key', host: collectorUrl, flushInterval: 1 }) });

@Module({ imports: [segmentModule, marketingModule], controllers: [CheckoutController], providers: [CheckoutService] })
class ShopModule {}

describe('replacing the real clients of an application module', () => {
  let collector: SegmentCollector;
  let app: INestApplication | undefined;

  beforeEach(async () => {
    collector = new SegmentCollector();
    collectorUrl = await collector.start();
  });
  afterEach(async () => {
    await app?.close();
    app = undefined;
    // Closing the app flushed every real client: whatever was sent has arrived by now.
    await collector.stop();
  });

  async function boot(build: ReturnType<typeof Test.createTestingModule>): Promise<INestApplication> {
    app = (await build.compile()).createNestApplication({ logger: false });
    await app.init();
    return app;
  }

  it('overrideModule(segmentModule).useModule(SegmentTestingModule.forRoot()) for each client', async () => {
    const running = await boot(
      Test.createTestingModule({ imports: [ShopModule] })
        .overrideModule(segmentModule)
        .useModule(SegmentTestingModule.forRoot())
        .overrideModule(marketingModule)
        .useModule(SegmentTestingModule.forRoot({ name: 'marketing' })),
    );
    await request(running.getHttpServer()).post('/signup').send({ email: 'ada@example.com', newsletter: true }).expect(201);
    const recorder = running.get(SegmentRecorder);
    recorder.expectTracked('Signed Up', { userId: 'u-new' });
    recorder.forClient('marketing').expectTracked('Newsletter Subscribed', { userId: 'u-new' });
    await running.close();
    app = undefined;
    expect(collector.requests).toEqual([]);
  });

  it('overrideProvider(getSegmentToken(name)).useValue(recorder.createService(name)) replaces one client', async () => {
    const recorder = new SegmentRecorder();
    const running = await boot(
      Test.createTestingModule({ imports: [ShopModule] })
        .overrideProvider(getSegmentToken('marketing'))
        .useValue(recorder.createService('marketing')),
    );
    await request(running.getHttpServer()).post('/signup').set('user-agent', 'kit').send({ email: 'ada@example.com', newsletter: true }).expect(201);
    // The replaced client records, with the request context the real module's interceptor opened.
    recorder.expectTracked('Newsletter Subscribed', { userId: 'u-new', context: { userAgent: 'kit' } });
    expect(recorder.messages).toHaveLength(1);
    // The default client stayed real and delivered.
    await running.get(SegmentService).flush();
    expect(collector.messages.map((message) => message.event ?? message.type)).toEqual(['identify', 'Signed Up']);
  });

  it('overrideProvider(SegmentService) replaces the default client the same way', async () => {
    const recorder = new SegmentRecorder();
    const running = await boot(
      Test.createTestingModule({ imports: [ShopModule] })
        .overrideProvider(SegmentService)
        .useValue(recorder.createService())
        .overrideProvider(getSegmentToken('marketing'))
        .useValue(recorder.createService('marketing')),
    );
    await request(running.getHttpServer()).post('/orders').set('x-user-id', 'u-7').send({ total: 42 }).expect(201);
    recorder.expectTracked('Order Completed', { userId: 'u-7', properties: { total: 42 } });
  });

  it('overrideModule(SegmentModule), the class, matches nothing: Nest compares the imported object', async () => {
    const running = await boot(Test.createTestingModule({ imports: [ShopModule] }).overrideModule(SegmentModule).useModule(SegmentTestingModule.forRoot()));
    expect(() => running.get(SegmentRecorder)).toThrow();
    expect(running.get(SegmentService).client.constructor.name).toBe('SegmentClient');
  });
});

@Controller()
class MappingController {
  @Get('broken')
  @Track<{ total: number }>('Order Completed', { properties: ({ result }) => ({ total: result!.total.toFixed(2) }) })
  broken(): { total: number } {
    // Breaks its own type, so that the mapper throws.
    return {} as { total: number };
  }

  @Get('boom')
  boom(): never {
    throw new Error('database down');
  }
}

describe('SegmentTestingModule with the application settings', () => {
  let app: INestApplication;
  let recorder: SegmentRecorder;

  beforeEach(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        SegmentTestingModule.forRoot({
          user: (request) => ({ anonymousId: request.headers['x-anonymous-id'] as string }),
          context: { ip: 'anonymize', userAgent: false },
          forwardErrors: true,
          logger: { log: () => undefined, warn: () => undefined, error: () => undefined },
        }),
      ],
      controllers: [MappingController],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
    recorder = app.get(SegmentRecorder);
  });
  afterEach(async () => {
    await app.close();
  });

  it('a mapper that throws leaves the response alone and shows up in errors', async () => {
    await request(app.getHttpServer()).get('/broken').expect(200, {});
    expect(recorder.messages).toEqual([]);
    expect(recorder.errors).toEqual([expect.any(SegmentMappingError)]);
  });

  it('forwardErrors, the user resolver and the context options apply as in the app', async () => {
    await request(app.getHttpServer()).get('/boom').set('x-anonymous-id', 'anon-9').set('user-agent', 'hidden').expect(500);
    const message = recorder.expectTracked('Error Captured', { anonymousId: 'anon-9', context: { ip: '127.0.0.0', userAgent: undefined } });
    expect(message.properties).toEqual(expect.objectContaining({ message: 'database down' }));
  });
});
