import fc from 'fast-check';
import { SegmentClient, SegmentConfigError, segmentConfig } from '../../lib/index.js';
import { defaultQueueName } from '../../lib/durable/durable-options.js';
import { durableSettings } from './support/durable-settings.js';
import { validateSegmentOptions } from '../../lib/nest/segment-options.validation.js';

const WRITE_KEY = 'durable-options-key';

function configError(options: unknown): SegmentConfigError {
  try {
    new SegmentClient({ writeKey: WRITE_KEY, durable: options } as never);
  } catch (error) {
    expect(error).toBeInstanceOf(SegmentConfigError);
    return error as SegmentConfigError;
  }
  throw new Error('expected a SegmentConfigError');
}

describe('the durable option', () => {
  it('names the field and what was expected, for each way it can be wrong', () => {
    expect(configError('redis://127.0.0.1:6379')).toMatchObject({ option: 'durable', message: expect.stringMatching(/durable must be an object such as \{ url: 'redis:\/\/127\.0\.0\.1:6379' \}; got a string/) });
    expect(configError({})).toMatchObject({ option: 'durable.url', message: expect.stringMatching(/must be a Redis URL such as redis:\/\/127\.0\.0\.1:6379; got nothing/) });
    expect(configError({ url: 'http://127.0.0.1:6379' })).toMatchObject({ option: 'durable.url', message: expect.stringMatching(/must start with redis:\/\/ \(or rediss:\/\/ for TLS\)/) });
    expect(configError({ url: 'redis://127.0.0.1:6379', queue: 'a:b' })).toMatchObject({ option: 'durable.queue' });
    expect(configError({ url: 'redis://127.0.0.1:6379', maxBacklog: 0 })).toMatchObject({ option: 'durable.maxBacklog', message: expect.stringMatching(/at least 1; got 0/) });
    expect(configError({ url: 'redis://127.0.0.1:6379', visibilityTimeout: 1.5 })).toMatchObject({ option: 'durable.visibilityTimeout' });
  });

  it('ties the default queue to the write key without showing it, and keeps an explicit one', () => {
    const settings = durableSettings({ url: 'redis://127.0.0.1:6379' }, WRITE_KEY);
    expect(settings.queue).toBe(defaultQueueName(WRITE_KEY));
    expect(settings.queue).toMatch(/^segment-[0-9a-f]{12}$/);
    expect(settings.queue).not.toContain(WRITE_KEY);
    expect(defaultQueueName('another-key')).not.toBe(settings.queue);
    expect(durableSettings({ url: 'redis://127.0.0.1:6379', queue: 'orders' }, WRITE_KEY)).toMatchObject({ queue: 'orders', maxBacklog: 1_000_000, visibilityTimeout: 30_000 });
  });

  it('never repeats a Redis password: not in errors, not in the URL it shows', () => {
    // A password marked so that it cannot be a word of the fixed message text ("alue" is in "value").
    const password = fc.string({ minLength: 4, maxLength: 30, unit: 'grapheme' }).filter((text) => text.trim().length >= 4).map((text) => `${text}~7`);
    fc.assert(
      fc.property(password, fc.constantFrom('redis:', 'rediss:', 'http:', 'redis'), fc.constantFrom('', '/2', '/x/y', '?a=1'), (secret, scheme, tail) => {
        const encoded = encodeURIComponent(secret);
        const url = `${scheme}//user:${encoded}@cache.internal:6380${tail}`;
        let text: string;
        try {
          const settings = durableSettings({ url }, WRITE_KEY);
          text = settings.shownUrl;
          expect(settings.secrets).toContain(secret);
        } catch (error) {
          expect(error).toBeInstanceOf(SegmentConfigError);
          text = (error as Error).message;
        }
        expect(text).not.toContain(encoded);
        expect(text).not.toContain(secret);
      }),
      { seed: 20_261_202, numRuns: 500 },
    );
    expect(durableSettings({ url: 'redis://:hunter2-pass@cache:6379/3' }, WRITE_KEY).shownUrl).toBe('redis://***@cache:6379/3');
  });
});

describe('durable in Nest options and the environment', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it('segmentConfig reads SEGMENT_DURABLE_URL and SEGMENT_DURABLE_QUEUE', () => {
    Object.assign(process.env, { SEGMENT_WRITE_KEY: WRITE_KEY, SEGMENT_DURABLE_URL: 'redis://127.0.0.1:6379/1', SEGMENT_DURABLE_QUEUE: 'shop-events' });
    expect(segmentConfig()).toMatchObject({ durable: { url: 'redis://127.0.0.1:6379/1', queue: 'shop-events' } });
    delete process.env.SEGMENT_DURABLE_URL;
    delete process.env.SEGMENT_DURABLE_QUEUE;
    expect(segmentConfig()).not.toHaveProperty('durable');
  });

  it('validation names the field and its variable, and never shows the URL', () => {
    const secretUrl = 'http://:s3cret-redis-pass@cache:6379';
    const problems = validateSegmentOptions({ writeKey: WRITE_KEY, durable: { url: secretUrl, maxBacklog: -1 } });
    expect(problems.map((problem) => [problem.option, problem.envVar])).toEqual([
      ['durable.url', 'SEGMENT_DURABLE_URL'],
      ['durable.maxBacklog', undefined],
    ]);
    expect(problems[0]!.message).toMatch(/^durable\.url \(SEGMENT_DURABLE_URL\) must start with redis:\/\//);
    expect(JSON.stringify(problems)).not.toContain('s3cret-redis-pass');

    const queueOnly = validateSegmentOptions({ writeKey: WRITE_KEY, durable: { queue: 'shop-events' } });
    expect(queueOnly.map((problem) => problem.message)).toEqual([expect.stringMatching(/^durable\.url \(SEGMENT_DURABLE_URL\) must be a Redis URL/)]);
    expect(validateSegmentOptions({ writeKey: WRITE_KEY, durable: { url: 'redis://127.0.0.1:6379', queue: 'shop-events' } })).toEqual([]);
  });
});
