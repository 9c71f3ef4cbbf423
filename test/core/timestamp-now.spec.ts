import fc from 'fast-check';
import { nowIso } from '../../lib/core/timestamp.js';

describe('now as ISO-8601', () => {
  it('writes exactly what toISOString writes, for any millisecond from 1970 to 9999 and in any order', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: Date.UTC(9999, 11, 31, 23, 59, 59, 999) }), { minLength: 1, maxLength: 20 }), (instants) => {
        for (const millis of instants) expect(nowIso(millis)).toBe(new Date(millis).toISOString());
      }),
      { seed: 20_261_202, numRuns: 2_000 },
    );
  });

  it('runs of consecutive milliseconds across minute, hour and year boundaries', () => {
    for (const start of [Date.UTC(2026, 11, 31, 23, 59, 58, 990), Date.UTC(2024, 1, 29, 0, 0, 59, 995), 0]) {
      for (let millis = start; millis < start + 2_500; millis++) expect(nowIso(millis)).toBe(new Date(millis).toISOString());
    }
  });
});
