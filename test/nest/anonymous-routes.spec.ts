import { Controller, Get } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import fc from 'fast-check';
import request from 'supertest';
import { Page, SegmentModule, SegmentService, Track, segmentConfig, type SegmentAnonymousPolicy, type SegmentModuleOptions } from '../../lib/index.js';
import { SegmentRecorder, SegmentTestingModule, type SegmentCollector } from '../../lib/testing/index.js';
import { RecordingLogger } from '../support/recording-logger.js';
import { optionsFailure } from '../support/options-failure.js';
import { ADAPTERS, bootApp, type RunningApp } from './support/adapters.js';
import { optionsFor, startCollector } from './support/collector.js';
import { Test } from '@nestjs/testing';

/** A public site: nobody signs in, so the request has no user. */
@Controller('public')
class PublicController {
  @Get('pricing')
  @Page('Pricing')
  pricing(): { ok: true } {
    return { ok: true };
  }

  @Get('cats')
  @Track('Cats Listed')
  cats(): string[] {
    return ['Tom'];
  }

  /** Names its own user: never concerned by the anonymous policy. */
  @Get('named')
  @Track('Named Visit', { anonymousId: 'from-the-decorator' })
  named(): { ok: true } {
    return { ok: true };
  }
}

const events = (collector: SegmentCollector) => collector.messages.map((message) => message.event ?? message.name);

describe.each(ADAPTERS)('decorators without a user on $name', (adapter) => {
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

  async function boot(anonymous: SegmentAnonymousPolicy | undefined): Promise<RunningApp> {
    const options: SegmentModuleOptions = optionsFor(collector, { logger, ...(anonymous === undefined ? {} : { anonymous }) });
    running = await bootApp(adapter, { imports: [SegmentModule.forRoot(options)], controllers: [PublicController] });
    return running;
  }

  async function flushed(): Promise<SegmentService> {
    const segment = running!.app.get(SegmentService);
    await segment.flush();
    return segment;
  }

  it('warn-once by default: one warning per decorator however many requests, each loss still counted', async () => {
    const { url } = await boot(undefined);
    for (let i = 0; i < 3; i++) {
      await request(url).get('/public/pricing').expect(200);
      await request(url).get('/public/cats').expect(200);
    }
    await request(url).get('/public/named').expect(200);
    const segment = await flushed();

    expect(events(collector)).toEqual(['Named Visit']);
    const warnings = logger.at('warn');
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/^@Page\('Pricing'\) on PublicController\.pricing: the message was not sent: .*userId or anonymousId.*Said once for this decorator/);
    expect(warnings[1]).toMatch(/^@Track\('Cats Listed'\) on PublicController\.cats: /);
    expect(segment.stats().dropped).toBe(6);
  });

  it("'skip': nothing sent, logged or counted", async () => {
    const { url } = await boot('skip');
    for (let i = 0; i < 3; i++) await request(url).get('/public/pricing').expect(200);
    await request(url).get('/public/named').expect(200);
    const segment = await flushed();

    expect(events(collector)).toEqual(['Named Visit']);
    expect(logger.lines).toEqual([]);
    expect(segment.stats().dropped).toBe(0);
  });

  it('{ header }: the header is the anonymousId; a request without it falls back to warn-once', async () => {
    const { url } = await boot({ header: 'X-Anonymous-Id' });
    await request(url).get('/public/pricing').set('x-anonymous-id', 'visitor-42').expect(200);
    await request(url).get('/public/cats').expect(200);
    await request(url).get('/public/cats').expect(200);
    await request(url).get('/public/named').set('x-anonymous-id', 'ignored').expect(200);
    await flushed();

    expect(collector.messages.map((message) => [message.type, message.event ?? message.name, message.anonymousId])).toEqual([
      ['page', 'Pricing', 'visitor-42'],
      ['track', 'Named Visit', 'from-the-decorator'],
    ]);
    expect(logger.at('warn')).toHaveLength(1);
  });

  it('{ cookie }: the cookie (Analytics.js JSON-quoted or plain) is the anonymousId', async () => {
    const { url } = await boot({ cookie: 'ajs_anonymous_id' });
    await request(url).get('/public/pricing').set('cookie', 'theme=dark; ajs_anonymous_id=%2250b1c2d3%22; other=1').expect(200);
    await request(url).get('/public/cats').set('cookie', 'ajs_anonymous_id=plain-7').expect(200);
    await request(url).get('/public/cats').set('cookie', 'not_it=1').expect(200);
    await flushed();

    expect(collector.messages.map((message) => message.anonymousId)).toEqual(['50b1c2d3', 'plain-7']);
    expect(logger.at('warn')).toHaveLength(1);
  });

  it('a signed-in user always wins over the policy', async () => {
    const options = optionsFor(collector, { logger, anonymous: { header: 'x-anonymous-id' }, user: (req) => ({ userId: req.headers['x-user-id'] as string }) });
    running = await bootApp(adapter, { imports: [SegmentModule.forRoot(options)], controllers: [PublicController] });
    await request(running.url).get('/public/cats').set('x-user-id', 'u-1').set('x-anonymous-id', 'a-1').expect(200);
    await flushed();
    expect(collector.messages).toEqual([expect.objectContaining({ event: 'Cats Listed', userId: 'u-1' })]);
    expect(collector.messages[0]).not.toHaveProperty('anonymousId');
  });
});

describe('the anonymous option', () => {
  it('fast-check: whatever cookie header a client sends, a request gets the id it carries or none, and is served', async () => {
    const collector = await startCollector();
    const logger = new RecordingLogger();
    const running = await bootApp(ADAPTERS[0]!, {
      imports: [SegmentModule.forRoot(optionsFor(collector, { logger, anonymous: { cookie: 'ajs_anonymous_id' }, flushInterval: 60_000 }))],
      controllers: [PublicController],
    });
    try {
      const segment = running.app.get(SegmentService);
      const cookieText = fc.string({ unit: fc.constantFrom('a', 'Z', '7', '-', '=', ';', ' ', '%', '"', '2', '_') , maxLength: 40 });
      await fc.assert(
        fc.asyncProperty(cookieText, fc.string({ unit: fc.constantFrom('a', 'b', '1', '-'), minLength: 1, maxLength: 20 }), async (noise, id) => {
          const before = collector.messages.length;
          await request(running.url).get('/public/cats').set('cookie', `${noise}; ajs_anonymous_id=${id}`).expect(200);
          await segment.flush();
          const sent = collector.messages.slice(before);
          expect(sent).toEqual([expect.objectContaining({ event: 'Cats Listed', anonymousId: id })]);
        }),
        { numRuns: 40 },
      );
      await request(running.url).get('/public/cats').set('cookie', `ajs_anonymous_id=${'x'.repeat(300)}`).expect(200);
      await segment.flush();
      expect(collector.messages.some((message) => String(message.anonymousId).length > 256)).toBe(false);
    } finally {
      await running.app.close();
      await collector.stop();
    }
  });

  it.each([
    ['warn', /anonymous must be 'warn-once', 'skip', \{ header: 'name' \} or \{ cookie: 'name' \}; got the string "warn"/],
    [{ header: '' }, /anonymous must be .*with one non-empty name; got an object with keys header/],
    [{ header: 'a', cookie: 'b' }, /got an object with keys header, cookie/],
  ])('refuses %p at boot, naming the option', async (anonymous, expected) => {
    const moduleRef = await Test.createTestingModule({ imports: [SegmentModule.forRoot({ writeKey: 'k', anonymous } as unknown as SegmentModuleOptions)] }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    const error = await optionsFailure(() => app.init(), app);
    expect(error.message).toMatch(expected);
  });
});

describe('module-level user, context and anonymous, next to segmentConfig.asProvider()', () => {
  const saved = { ...process.env };
  let collector: SegmentCollector;
  beforeEach(async () => {
    collector = await startCollector();
  });
  afterEach(async () => {
    process.env = { ...saved };
    await collector.stop();
  });

  it.each(ADAPTERS)('on $name: no factory needed to resolve the user, pick the context and skip anonymous visitors', async (adapter) => {
    process.env.SEGMENT_WRITE_KEY = 'from-env';
    process.env.SEGMENT_HOST = collector.url;
    process.env.SEGMENT_FLUSH_INTERVAL = '5';
    const running = await bootApp(adapter, {
      imports: [
        ConfigModule.forRoot({ ignoreEnvFile: true }),
        SegmentModule.forRootAsync({
          ...segmentConfig.asProvider(),
          user: (req) => (typeof req.headers['x-user-id'] === 'string' ? { userId: req.headers['x-user-id'] } : undefined),
          context: { ip: false, locale: false },
          anonymous: 'skip',
        }),
      ],
      controllers: [PublicController],
    });
    try {
      await request(running.url).get('/public/cats').set('x-user-id', 'u-9').set('accept-language', 'de').expect(200);
      await request(running.url).get('/public/pricing').expect(200);
      await running.app.get(SegmentService).flush();
      expect(collector.messages).toHaveLength(1);
      const [message] = collector.messages;
      expect(message).toEqual(expect.objectContaining({ event: 'Cats Listed', userId: 'u-9' }));
      expect(message!.context).not.toHaveProperty('ip');
      expect(message!.context).not.toHaveProperty('locale');
      expect(message!.context).toHaveProperty('page.path', '/public/cats');
    } finally {
      await running.app.close();
    }
  });

  it("forRoot: module-level and option are one and the same; a factory's own value wins", async () => {
    const running = await bootApp(ADAPTERS[0]!, {
      imports: [
        SegmentModule.forRootAsync({
          useFactory: () => optionsFor(collector, { user: () => ({ userId: 'from-factory' }) }),
          user: () => ({ userId: 'module-level' }),
          context: false,
        }),
      ],
      controllers: [PublicController],
    });
    try {
      await request(running.url).get('/public/cats').expect(200);
      await running.app.get(SegmentService).flush();
      expect(collector.messages).toEqual([expect.objectContaining({ userId: 'from-factory', context: { library: expect.any(Object) } })]);
    } finally {
      await running.app.close();
    }
  });

  it('module-level settings are validated like the options', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [SegmentModule.forRootAsync({ useFactory: () => ({ writeKey: 'k' }), user: 'u1' as never, context: { ip: 'maybe' } as never })],
    }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    const error = await optionsFailure(() => app.init(), app);
    expect(error.problems.map((problem) => problem.option).sort()).toEqual(['context.ip', 'user']);
  });
});

describe('the testing kit mirrors the anonymous option', () => {
  it.each([
    [undefined, 1],
    ['skip' as const, 0],
  ])('SegmentTestingModule.forRoot({ anonymous: %p }): %p refusals recorded for an anonymous visit', async (anonymous, refusals) => {
    const moduleRef = await Test.createTestingModule({
      imports: [SegmentTestingModule.forRoot({ logger: new RecordingLogger(), ...(anonymous === undefined ? {} : { anonymous }) })],
      controllers: [PublicController],
    }).compile();
    const app = await moduleRef.createNestApplication({ logger: false }).init();
    const recorder = app.get(SegmentRecorder);
    await request(app.getHttpServer()).get('/public/cats').expect(200);
    await request(app.getHttpServer()).get('/public/named').expect(200);
    await app.close();
    expect(recorder.errors).toHaveLength(refusals);
    expect(recorder.messages.map((message) => message.event)).toEqual(['Named Visit']);
  });

  it('SegmentTestingModule.forRoot({ anonymous: { header } }) records the header as anonymousId', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [SegmentTestingModule.forRoot({ anonymous: { header: 'x-anonymous-id' } })],
      controllers: [PublicController],
    }).compile();
    const app = await moduleRef.createNestApplication({ logger: false }).init();
    await request(app.getHttpServer()).get('/public/cats').set('x-anonymous-id', 'visitor-5').expect(200);
    app.get(SegmentRecorder).expectTracked('Cats Listed', { anonymousId: 'visitor-5', userId: undefined });
    await app.close();
  });
});
