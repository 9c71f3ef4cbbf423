import fc from 'fast-check';
import { SegmentConfigError, sample, type SegmentMessage } from '../../lib/index.js';
import { expectThrown } from '../support/expect-thrown.js';

function track(event: string, type: SegmentMessage['type'] = 'track'): SegmentMessage {
  return { type, event, messageId: 'm', timestamp: '2026-12-02T00:00:00.000Z', context: { library: { name: 'n', version: 'v' } }, userId: 'u' };
}

describe('sample()', () => {
  it('keeps a listed event exactly when the draw is under its rate, and every other message', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (rate, draw) => {
        const sampler = sample({ events: { 'Page Viewed': rate }, random: () => draw });
        const message = track('Page Viewed');
        expect(sampler(message)).toBe(draw < rate ? message : null);
        const other = track('Order Completed');
        expect(sampler(other)).toBe(other);
        const page = { ...track('Page Viewed', 'page'), event: undefined, name: 'Page Viewed' };
        expect(sampler(page)).toBe(page);
      }),
    );
  });

  it('keeps about the configured share with the default random source', () => {
    const sampler = sample({ events: { 'Page Viewed': 0.1 } });
    let kept = 0;
    for (let i = 0; i < 20_000; i++) if (sampler(track('Page Viewed')) !== null) kept++;
    // 20,000 draws at 10 %: 2,000 expected, standard deviation about 42; 300 is over 7 of them.
    expect(Math.abs(kept - 2_000)).toBeLessThan(300);
  });

  it('refuses rates outside 0..1 and options without events, naming the option', () => {
    for (const options of [{ events: { a: 2 } }, { events: { a: -0.1 } }, { events: { a: Number.NaN } }, { events: { a: '0.5' } }, {}, { events: [] }]) {
      const error = expectThrown(SegmentConfigError, () => sample(options as never));
      expect(error.option).toBe('sample.events');
    }
  });
});
