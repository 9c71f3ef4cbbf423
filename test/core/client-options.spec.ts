import fc from 'fast-check';
import { SegmentClient, SegmentConfigError, type SegmentClientOptions } from '../../lib/index.js';
import { expectThrown } from '../support/expect-thrown.js';

function configError(options: Partial<SegmentClientOptions>): SegmentConfigError {
  return expectThrown(SegmentConfigError, () => new SegmentClient({ writeKey: 'options-secret-key', host: 'http://127.0.0.1:9', ...options } as SegmentClientOptions).close());
}

describe('client options', () => {
  it.each<[string, Partial<SegmentClientOptions>, string, RegExp]>([
    ['a missing write key', { writeKey: undefined }, 'writeKey', /non-empty string.*got nothing/],
    ['a blank write key', { writeKey: '  ' }, 'writeKey', /non-empty/],
    ['flushAt of 0', { flushAt: 0 }, 'flushAt', /whole number from 1 to 2500; got 0/],
    ['flushAt over Segment’s 2,500', { flushAt: 2501 }, 'flushAt', /from 1 to 2500/],
    ['a fractional flushInterval', { flushInterval: 1.5 }, 'flushInterval', /whole number/],
    ['a negative maxQueueSize', { maxQueueSize: -1 }, 'maxQueueSize', /at least 1/],
    ['maxRetries as a string', { maxRetries: '3' as never }, 'maxRetries', /the string "3"/],
    ['gzip as a string', { gzip: 'yes' as never }, 'gzip', /true or false/],
    ['maxRetryDelay below minRetryDelay', { minRetryDelay: 100, maxRetryDelay: 10 }, 'maxRetryDelay', /must not be below/],
    ['a host that is no URL', { host: 'api segment io' }, 'host', /absolute http\(s\) URL/],
    ['an ftp host', { host: 'ftp://example.com' }, 'host', /https:\/\//],
    ['plain http to a remote host', { host: 'http://collector.example.com' }, 'host', /allowInsecureHttp/],
    ['credentials in the host', { host: 'https://user:pass@example.com' }, 'host', /credentials/],
    ['a path without a slash', { path: 'v1/batch' }, 'path', /start with "\/"/],
    ['a logger without warn', { logger: { log() {} } as never }, 'logger', /log, warn and error/],
    ['a dispatcher that is not one', { dispatcher: {} as never }, 'dispatcher', /undici Dispatcher/],
  ])('refuses %s, naming the option', (_case, options, option, text) => {
    const error = configError(options);
    expect(error.option).toBe(option);
    expect(error.message).toMatch(text);
    expect(error.message).not.toContain('options-secret-key');
  });

  // Faults of options that do not depend on each other, each with the option it must be reported under.
  const FAULTS: ReadonlyArray<[keyof SegmentClientOptions, unknown]> = [
    ['writeKey', undefined],
    ['flushAt', 0],
    ['flushInterval', 1.5],
    ['maxQueueSize', -1],
    ['maxRetries', '3'],
    ['gzip', 'yes'],
    ['path', 'v1/batch'],
    ['host', 'ftp://example.com'],
    ['logger', { log() {} }],
    ['dispatcher', {}],
    ['region', 'asia'],
  ];

  it('lists every problem in one error, in the order the options are read, whatever set of options is wrong', () => {
    fc.assert(
      fc.property(fc.subarray(FAULTS.map((_, index) => index), { minLength: 1 }), (picked) => {
        const faults = picked.map((index) => FAULTS[index]!);
        const error = configError(Object.fromEntries(faults));
        expect(new Set(error.problems.map((problem) => problem.option))).toEqual(new Set(faults.map(([option]) => option)));
        expect(error.problems).toHaveLength(faults.length);
        expect(error.option).toBe(error.problems.map((problem) => problem.option).join(', '));
        for (const problem of error.problems) {
          expect(problem.message.startsWith(`${problem.option} `)).toBe(true);
          expect(faults.length === 1 ? error.message : error.message.split('\n').slice(1)).toEqual(faults.length === 1 ? `${problem.message}.` : expect.arrayContaining([`  - ${problem.message}`]));
        }
        if (faults.length > 1) expect(error.message.split('\n')[0]).toBe(`SegmentClient is misconfigured (${faults.length} problems):`);
        expect(error.message).not.toContain('options-secret-key');
      }),
    );
  });

  it('accepts plain http to a remote host only when asked to', async () => {
    const client = new SegmentClient({ writeKey: 'k', host: 'http://collector.example.com', allowInsecureHttp: true });
    await client.close();
  });

  it.each(['http://localhost:4010', 'http://127.0.0.1:4010', 'http://127.8.9.10', 'http://[::1]:4010'])('accepts loopback %s over plain http', async (host) => {
    await new SegmentClient({ writeKey: 'k', host }).close();
  });
});
