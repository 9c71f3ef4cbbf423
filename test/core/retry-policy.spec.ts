import { backoffDelay, parseRetryAfter, verdictFor } from '../../lib/core/retry-policy.js';

describe('retry policy', () => {
  it.each([
    [200, 'delivered'],
    [204, 'delivered'],
    [408, 'retry'],
    [429, 'retry'],
    [500, 'retry'],
    [502, 'retry'],
    [503, 'retry'],
    [501, 'reject'],
    [505, 'reject'],
    [400, 'reject'],
    [401, 'reject'],
    [404, 'reject'],
  ])('HTTP %i -> %s', (status, verdict) => {
    expect(verdictFor(status, '{"success":false}', 10)).toBe(verdict);
  });

  it('splits a batch refused for its size, when splitting can help', () => {
    expect(verdictFor(413, '', 10)).toBe('split');
    expect(verdictFor(400, '{"message":"Request body too large"}', 10)).toBe('split');
    expect(verdictFor(400, '{"message":"Request body too large"}', 1)).toBe('reject');
    expect(verdictFor(400, '{"message":"invalid JSON"}', 10)).toBe('reject');
  });

  it('backs off exponentially with jitter in [1, 2), capped', () => {
    const settings = { minRetryDelay: 500, maxRetryDelay: 60_000 };
    expect(backoffDelay(1, settings, () => 0)).toBe(500);
    expect(backoffDelay(1, settings, () => 0.999)).toBe(1000);
    expect(backoffDelay(4, settings, () => 0)).toBe(4000);
    expect(backoffDelay(30, settings, () => 0.5)).toBe(60_000);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('2', now)).toBe(2000);
    expect(parseRetryAfter('0.5', now)).toBe(500);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:07 GMT', now)).toBe(7000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 23:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter(['3'], now)).toBe(3000);
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('99999', now)).toBe(300_000);
  });
});
