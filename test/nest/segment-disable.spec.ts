import { Test } from '@nestjs/testing';
import { ConfigModule } from '@nestjs/config';
import { SegmentClient, SegmentConfigError, SegmentModule, SegmentService, segmentConfig, type SegmentClientOptions } from '../../lib/index.js';
import type { SegmentCollector } from '../../lib/testing/index.js';
import { RecordingLogger } from '../support/recording-logger.js';
import { optionsFailure } from '../support/options-failure.js';
import { startCollector } from './support/collector.js';

/** What a local run or CI has: no write key at all. */
const withoutKey = (options: Partial<SegmentClientOptions>) => options as SegmentClientOptions;

describe('a disabled client needs no write key', () => {
  const saved = { ...process.env };
  let collector: SegmentCollector;
  beforeEach(async () => {
    collector = await startCollector();
  });
  afterEach(async () => {
    process.env = { ...saved };
    await collector.stop();
  });

  it('SEGMENT_DISABLE=true with no SEGMENT_WRITE_KEY boots, validates calls and sends nothing', async () => {
    delete process.env.SEGMENT_WRITE_KEY;
    process.env.SEGMENT_DISABLE = 'true';
    process.env.SEGMENT_HOST = collector.url;
    const moduleRef = await Test.createTestingModule({
      imports: [ConfigModule.forRoot({ ignoreEnvFile: true }), SegmentModule.forRootAsync(segmentConfig.asProvider())],
    }).compile();
    await moduleRef.init();
    const segment = moduleRef.get(SegmentService);

    expect(segment.track({ userId: 'u1', event: 'Quiet' })).toMatch(/^[0-9a-f-]{36}$/);
    expect(() => segment.track({ userId: 'u1', event: '' })).toThrow(/non-empty/);
    expect(await segment.flush()).toEqual({ delivered: 0, failed: 0, dropped: 0, failures: [] });
    await moduleRef.close();
    expect(collector.requests).toEqual([]);
  });

  it('disable: true in forRoot options, without writeKey', async () => {
    const logger = new RecordingLogger();
    const moduleRef = await Test.createTestingModule({ imports: [SegmentModule.forRoot(withoutKey({ disable: true, host: collector.url, logger }))] }).compile();
    await moduleRef.init();
    moduleRef.get(SegmentService).identify({ userId: 'u1', traits: { plan: 'pro' } });
    await moduleRef.close();
    expect(collector.requests).toEqual([]);
    expect(logger.at('error')).toEqual([]);
  });

  it('the framework-free client too; a write key that is given must still be a usable one', async () => {
    const client = new SegmentClient(withoutKey({ disable: true, host: collector.url }));
    client.page({ anonymousId: 'a1', name: 'Home' });
    expect(await client.close()).toMatchObject({ delivered: 0, timedOut: false });
    expect(() => new SegmentClient(withoutKey({ disable: true, writeKey: ' ' }))).toThrow(SegmentConfigError);
    expect(() => new SegmentClient(withoutKey({ host: collector.url }))).toThrow(/writeKey is required: the source's write key, a non-empty string/);
    expect(collector.requests).toEqual([]);
  });

  it('an enabled client still fails boot without one, and SEGMENT_DISABLE=false counts as enabled', async () => {
    delete process.env.SEGMENT_WRITE_KEY;
    process.env.SEGMENT_DISABLE = 'false';
    const moduleRef = await Test.createTestingModule({
      imports: [ConfigModule.forRoot({ ignoreEnvFile: true }), SegmentModule.forRootAsync(segmentConfig.asProvider())],
    }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    const error = await optionsFailure(() => app.init(), app);
    expect(error.problems.map((problem) => problem.option)).toEqual(['writeKey']);
  });
});
