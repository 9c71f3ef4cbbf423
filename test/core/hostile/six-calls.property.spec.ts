import fc from 'fast-check';
import { SegmentClient, SegmentValidationError, type SegmentError, type SegmentMessage } from '../../../lib/index.js';
import { SegmentCollector, type CollectedMessage } from '../../../lib/testing/index.js';
import { closeAfterEach } from '../../support/close-after-each.js';
import { RecordingLogger } from '../../support/recording-logger.js';
import { CALLS, materialize, paramsByCall, type CallName } from './hostile-values.js';

/**
 * Properties of the six calls under generated hostile input. Seeded (SEGMENT_FUZZ_SEED; the seed
 * and the shrunk counterexample are printed on failure); SEGMENT_FUZZ_RUNS sets the number of
 * inputs for a longer run (default 10,200: 1,700 per call).
 */
const SEED = Number(process.env.SEGMENT_FUZZ_SEED ?? 20_261_202);
const RUNS = Number(process.env.SEGMENT_FUZZ_RUNS ?? 10_200);
const RUNS_PER_CALL = Math.ceil(RUNS / CALLS.length);
const OBJECT_FIELDS = ['properties', 'traits', 'integrations', 'context'] as const;

const withBigInts = (_key: string, value: unknown): unknown => (typeof value === 'bigint' ? value.toString() : value);

/** The documented treatment of a field, by a reference that shares no code with the client: its JSON, or undefined. */
function documented(value: unknown): unknown {
  const json = JSON.stringify(value, withBigInts) as string | undefined;
  return json === undefined ? undefined : JSON.parse(json);
}

function call(client: SegmentClient, name: CallName, params: unknown): string {
  return (client[name] as (params: unknown) => string).call(client, params);
}

/** Whether a call returned its id (accepted) or threw; anything thrown must be a SegmentValidationError. */
function attempt(client: SegmentClient, name: CallName, params: unknown): string | undefined {
  try {
    const id = call(client, name, params);
    expect(typeof id).toBe('string');
    return id;
  } catch (error) {
    if (!(error instanceof SegmentValidationError)) throw new Error(`${name}() threw ${String(error)} instead of a SegmentValidationError`, { cause: error });
    expect(typeof error.field).toBe('string');
    return undefined;
  }
}

describe('the six calls under generated hostile input', () => {
  const collector = new SegmentCollector();
  const keep = closeAfterEach({ timeoutMs: 0 });
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  const prototypeKeys = Object.getOwnPropertyNames(Object.prototype).sort();

  beforeAll(async () => {
    process.on('unhandledRejection', onUnhandled);
    await collector.start();
  });
  afterAll(async () => {
    process.off('unhandledRejection', onUnhandled);
    await collector.stop();
  });
  beforeEach(() => collector.clear());
  afterEach(() => {
    expect(unhandled).toEqual([]);
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeKeys);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each(CALLS)('%s(): returns an id and delivers valid JSON under 32 KB with the documented treatment, or throws SegmentValidationError; counts exact', async (name) => {
    const segment = keep(new SegmentClient({ writeKey: 'fuzz-key', host: collector.url, flushInterval: 60_000, maxQueueSize: RUNS_PER_CALL + 1, logger: new RecordingLogger() }));
    const accepted = new Map<string, unknown>();
    fc.assert(
      fc.property(paramsByCall[name], (generated) => {
        const params = materialize(generated);
        const id = attempt(segment, name, params);
        if (id !== undefined) accepted.set(id, params);
      }),
      { seed: SEED, numRuns: RUNS_PER_CALL },
    );
    const result = await segment.flush();
    expect(result.delivered + result.failed + result.dropped).toBe(accepted.size);
    expect(result).toMatchObject({ delivered: accepted.size, failed: 0, dropped: 0 });
    // The collector parses every body as JSON and refuses messages over 32 KB: each id arrived once.
    const byId = new Map<string, CollectedMessage>(collector.messages.map((message) => [message.messageId as string, message]));
    expect(byId.size).toBe(accepted.size);
    expect(collector.messages).toHaveLength(accepted.size);
    for (const [id, params] of accepted) {
      const sent = byId.get(id)!;
      expect(sent.type).toBe(name);
      expect(Buffer.byteLength(JSON.stringify(sent))).toBeLessThanOrEqual(32 * 1024);
      for (const field of OBJECT_FIELDS) {
        if (!(field in (params as object))) continue;
        const expected = documented((params as Record<string, unknown>)[field]);
        if (field === 'context') {
          const { library, ...rest } = sent.context as Record<string, unknown>;
          expect(library).toMatchObject({ name: 'nestjs-segment' });
          const { library: _dropped, ...callerRest } = (expected ?? {}) as Record<string, unknown>;
          expect(rest).toEqual(callerRest);
        } else if (expected === undefined) {
          expect(field in sent).toBe(false);
        } else {
          expect(sent[field]).toEqual(expected);
        }
      }
    }
  });

  it('every batch path stays total and exact when Segment refuses, fails and the queue overflows', async () => {
    const reported = new Set<string>();
    const onError = (_error: SegmentError, messages: SegmentMessage[]) => {
      for (const message of messages) reported.add(message.messageId);
      throw new Error('an onError that throws must not hurt the client');
    };
    const logger = new RecordingLogger();
    const segment = keep(new SegmentClient({ writeKey: 'fuzz-key', host: collector.url, flushAt: 20, flushInterval: 60_000, maxQueueSize: 100, maxRetries: 0, onError, logger }));
    collector.failNext({ times: 2, status: 400 });
    collector.failNext({ times: 2, status: 503 });
    const accepted = new Set<string>();
    fc.assert(
      fc.property(fc.constantFrom(...CALLS).chain((name) => paramsByCall[name].map((params) => [name, params] as const)), ([name, generated]) => {
        const id = attempt(segment, name, materialize(generated));
        if (id !== undefined) accepted.add(id);
      }),
      { seed: SEED, numRuns: 2_000 },
    );
    const result = await segment.flush();
    expect(result.delivered + result.failed + result.dropped).toBe(accepted.size);
    expect(result.dropped).toBeGreaterThan(0);
    expect(result.failed).toBeGreaterThan(0);
    const delivered = new Set(collector.requests.filter((request) => request.status === 200).flatMap((request) => request.messages.map((message) => message.messageId as string)));
    expect(delivered.size).toBe(result.delivered);
    // Every accepted message is delivered or reported by id, never both, never neither.
    for (const id of accepted) expect(delivered.has(id) !== reported.has(id)).toBe(true);
    expect(Object.values(result.reasons ?? {}).reduce((sum, count) => sum + count, 0)).toBe(result.failed + result.dropped);
    expect(logger.at('error').some((line) => line.startsWith('onError threw'))).toBe(true);
  });
});
