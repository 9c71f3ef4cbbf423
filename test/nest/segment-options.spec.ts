import { Test } from '@nestjs/testing';
import { ConfigModule } from '@nestjs/config';
import { SegmentModule, SegmentOptionsError, SegmentService, segmentConfig, type SegmentModuleOptions } from '../../lib/index.js';
import { RecordingLogger } from '../support/recording-logger.js';
import { optionsFailure } from '../support/options-failure.js';

const WRITE_KEY = 'wk_secret_must_not_leak_42';

/** Boots a module with these SegmentModule imports; resolves with what app.init() rejected with. */
async function bootFailure(imports: Parameters<typeof Test.createTestingModule>[0]['imports']): Promise<SegmentOptionsError> {
  const moduleRef = await Test.createTestingModule({ imports }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  return optionsFailure(() => app.init(), app);
}

describe('SegmentModule options validation (at app.init())', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it('a missing write key, a negative flushAt and a region host typo fail boot with one message naming each and its env var', async () => {
    const error = await bootFailure([SegmentModule.forRoot({ flushAt: -1, host: 'https://events.eu.segmentapis.com' } as SegmentModuleOptions)]);
    expect(error.message).toMatch(/Segment is misconfigured \(3 problems\)/);
    expect(error.message).toMatch(/writeKey \(SEGMENT_WRITE_KEY\) is required/);
    expect(error.message).toMatch(/flushAt \(SEGMENT_FLUSH_AT\) must be a whole number from 1 to 2500; got -1/);
    expect(error.message).toMatch(/host \(SEGMENT_HOST\) names events\.eu\.segmentapis\.com, which is not a Segment region host; did you mean https:\/\/events\.eu1\.segmentapis\.com\?/);
    expect(error.problems.map((problem) => [problem.option, problem.envVar])).toEqual([
      ['writeKey', 'SEGMENT_WRITE_KEY'],
      ['host', 'SEGMENT_HOST'],
      ['flushAt', 'SEGMENT_FLUSH_AT'],
    ]);
    expect(error.option).toBe('writeKey, host, flushAt');
  });

  it('never prints the write key, even when it was pasted into another variable', async () => {
    Object.assign(process.env, {
      SEGMENT_WRITE_KEY: WRITE_KEY,
      SEGMENT_HOST: WRITE_KEY,
      SEGMENT_FLUSH_AT: WRITE_KEY,
      SEGMENT_GZIP: 'maybe',
    });
    const error = await bootFailure([ConfigModule.forRoot({ ignoreEnvFile: true }), SegmentModule.forRootAsync(segmentConfig.asProvider())]);
    expect(error.message).toMatch(/host \(SEGMENT_HOST\) must be an absolute http\(s\) URL/);
    expect(error.message).toMatch(/flushAt \(SEGMENT_FLUSH_AT\) must be a whole number from 1 to 2500; got a string that contains the write key \(not shown\)/);
    expect(error.message).toMatch(/gzip \(SEGMENT_GZIP\) must be true or false; got the string "maybe"/);
    expect(error.message).not.toContain(WRITE_KEY);
    expect(JSON.stringify(error.problems)).not.toContain(WRITE_KEY);
  });

  it('names options without an env var, and checks the Nest-only options', async () => {
    const error = await bootFailure([
      SegmentModule.forRoot({
        writeKey: WRITE_KEY,
        httpTimeout: 0,
        context: { ip: 'hash' },
        user: 'request.user.id',
        shutdownTimeoutMs: -5,
        forwardErrors: { event: '' },
      } as unknown as SegmentModuleOptions),
    ]);
    expect(error.message).toMatch(/- httpTimeout must be a whole number from 1 to 3600000; got 0/);
    expect(error.message).toMatch(/- context\.ip must be true, false or 'anonymize'; got the string "hash"/);
    expect(error.message).toMatch(/- user must be a function/);
    expect(error.message).toMatch(/- shutdownTimeoutMs must be a whole number from 0 to 3600000; got -5/);
    expect(error.message).toMatch(/- forwardErrors\.event must be a non-empty string/);
    expect(error.message).not.toContain(WRITE_KEY);
  });

  it('checks region (SEGMENT_REGION) and a host from the other region', async () => {
    const bad = await bootFailure([SegmentModule.forRoot({ writeKey: WRITE_KEY, region: 'asia' as never })]);
    expect(bad.message).toContain(`region (SEGMENT_REGION) must be 'us' or 'eu' (where the Segment workspace lives); got the string "asia"`);
    const mismatch = await bootFailure([SegmentModule.forRoot({ writeKey: WRITE_KEY, region: 'eu', host: 'https://api.segment.io' })]);
    expect(mismatch.message).toContain(`host (SEGMENT_HOST) https://api.segment.io is Segment's US tracking host, but region is 'eu'`);
  });

  it('refuses forwardErrors without the request context', async () => {
    const error = await bootFailure([SegmentModule.forRoot({ writeKey: WRITE_KEY, requestContext: false, forwardErrors: true })]);
    expect(error.message).toMatch(/forwardErrors needs the request context, but requestContext is false/);
  });

  it('refuses forwardErrors that only a forRootAsync factory returns: it decides a global interceptor', async () => {
    const error = await bootFailure([SegmentModule.forRootAsync({ useFactory: () => ({ writeKey: WRITE_KEY, forwardErrors: true }) })]);
    expect(error.message).toContain('forwardErrors is a module-level setting: give it to forRootAsync() itself');
  });

  it('names the client of a named module', async () => {
    const error = await bootFailure([SegmentModule.forRoot({ name: 'marketing', writeKey: '' })]);
    expect(error.message).toMatch(/^Segment client "marketing" is misconfigured \(1 problem\)/);
  });

  it('accepts a path-free Segment host, a proxy and a loopback collector', async () => {
    for (const host of ['https://api.segment.io', 'https://events.eu1.segmentapis.com/', 'https://segment-proxy.example.com', 'http://127.0.0.1:9']) {
      const moduleRef = await Test.createTestingModule({
        imports: [SegmentModule.forRoot({ writeKey: WRITE_KEY, host, logger: new RecordingLogger() })],
      }).compile();
      await expect(moduleRef.init()).resolves.toBeDefined();
      await moduleRef.close();
    }
  });

  it.each([
    ['https://api.segment.com', 'https://api.segment.io'],
    ['https://api.segmnt.io', 'https://api.segment.io'],
    ['https://events.eu1.segmentapis.com/v1', 'origin only'],
    ['http://api.segment.io', 'must use https://'],
    ['http://collector.internal:8080', 'plain http://'],
  ])('rejects host %s', async (host, expected) => {
    const error = await bootFailure([SegmentModule.forRoot({ writeKey: WRITE_KEY, host })]);
    expect(error.message).toContain(expected);
  });

  it('a misconfigured service throws the same error when used before init', async () => {
    const moduleRef = await Test.createTestingModule({ imports: [SegmentModule.forRoot({ writeKey: '' })] }).compile();
    const service = moduleRef.get(SegmentService);
    expect(() => service.track({ userId: 'u', event: 'E' })).toThrow(SegmentOptionsError);
    expect(() => service.client).toThrow(SegmentOptionsError);
    await moduleRef.close();
  });
});
