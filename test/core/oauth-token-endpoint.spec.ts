import { decodeJwt } from 'jose';
import { SegmentClient, SegmentDeliveryError, type SegmentClientOptions, type SegmentError, type SegmentEvent } from '../../lib/index.js';
import { createDispatcher } from '../../lib/core/create-dispatcher.js';
import { createAuthorizer } from '../../lib/core/create-authorizer.js';
import { OAuthTokenError } from '../../lib/core/oauth/oauth-token-error.js';
import { Redactor } from '../../lib/core/redactor.js';
import { resolveOptions } from '../../lib/core/resolved-options.js';
import { OAuthWorld, WRITE_KEY, WatchedLogger, everythingSaid, generateRsaKeys } from '../support/oauth-fixtures.js';

const keys = generateRsaKeys();

describe('OAuth token endpoint answers: rate limits, refusals, clock skew', () => {
  let world: OAuthWorld;
  let logger: WatchedLogger;
  let events: SegmentEvent[];
  let reported: SegmentError[];
  const clients: SegmentClient[] = [];
  const closers: Array<() => void> = [];

  const client = (extra: Partial<SegmentClientOptions> = {}): SegmentClient => {
    const created = new SegmentClient(
      world.clientOptions({ logger, debug: true, onError: (error) => void reported.push(error), ...extra }),
    );
    created.events$.subscribe((event) => events.push(event));
    clients.push(created);
    return created;
  };

  /** The authorizer alone, as the client makes it, to see what authorization() itself resolves or rejects with. */
  const authorizer = () => {
    const settings = resolveOptions(world.clientOptions({ logger }));
    const { dispatcher } = createDispatcher(settings);
    const made = createAuthorizer(settings, new Redactor([WRITE_KEY]), dispatcher);
    closers.push(() => made.close?.(), () => dispatcher.close());
    return made;
  };

  beforeEach(async () => {
    world = await new OAuthWorld(keys).start();
    logger = new WatchedLogger();
    events = [];
    reported = [];
  });

  afterEach(async () => {
    closers.splice(0).forEach((close) => close());
    await Promise.all(clients.splice(0).map((created) => created.close({ timeoutMs: 1_000 })));
    await world.stop();
    // Whatever happened in the test, no secret reached a log line, an event or an error.
    const said = everythingSaid(logger, events, reported);
    for (const secret of world.secrets()) expect(said).not.toContain(secret);
  });

  it('honours a 429 Retry-After: no token request before it, then delivery', async () => {
    world.tokenServer.plan({ status: 429, body: { error: 'rate_limited' }, headers: { 'retry-after': '1' } });
    const segment = client({ maxRetries: 30, maxRetryDelay: 100 });
    const id = segment.track({ userId: 'u', event: 'Rate Limited Token' });

    const result = await segment.flush();

    expect(result).toMatchObject({ delivered: 1, failed: 0 });
    const [limited, granted] = world.tokenServer.requests;
    expect(world.tokenServer.requests).toHaveLength(2);
    expect(limited!.status).toBe(429);
    expect(granted!.receivedAt - limited!.receivedAt).toBeGreaterThanOrEqual(1_000);
    const retries = events.filter((event) => event.type === 'retry');
    expect(retries).toHaveLength(1);
    expect(retries[0]).toMatchObject({ messageIds: [id], delayMs: 1000, error: expect.stringMatching(/HTTP 429/) });
  });

  it('rejects authorization() during the Retry-After window with the wait left, without asking the server', async () => {
    world.tokenServer.plan({ status: 429, headers: { 'retry-after': '30' } });
    const auth = authorizer();

    const first = await Promise.resolve(auth.authorization(new AbortController().signal)).catch((error: unknown) => error);
    const second = await Promise.resolve(auth.authorization(new AbortController().signal)).catch((error: unknown) => error);

    expect(first).toBeInstanceOf(OAuthTokenError);
    expect(first).toMatchObject({ status: 429, retryAfterMs: 30_000 });
    expect(second).toBeInstanceOf(OAuthTokenError);
    expect((second as OAuthTokenError).retryAfterMs).toBeLessThanOrEqual(30_000);
    expect(world.tokenServer.requests).toHaveLength(1);
  });

  it.each([400, 401])('treats HTTP %i from the token endpoint as final, with the server’s error text', async (status) => {
    world.tokenServer.plan({ status, body: { error: 'invalid_client', error_description: 'key key-2026-a is not registered for this app' } });
    const auth = authorizer();

    const refusal = await Promise.resolve(auth.authorization(new AbortController().signal)).catch((error: unknown) => error);
    const again = await Promise.resolve(auth.authorization(new AbortController().signal)).catch((error: unknown) => error);

    expect(refusal).toBeInstanceOf(SegmentDeliveryError);
    expect(refusal).toMatchObject({ reason: 'rejected', status });
    expect((refusal as Error).message).toContain('invalid_client: key key-2026-a is not registered for this app');
    expect((refusal as Error).message).toContain(`${world.tokenServer.url}/token`);
    expect((refusal as Error).message).toMatch(/oauth\.keyId/);
    expect((refusal as SegmentDeliveryError).responseBody).toContain('not registered');
    // Final means final: the next batch gets the same answer without asking again.
    expect(again).toBe(refusal);
    expect(world.tokenServer.requests).toHaveLength(1);
  });

  it('reports a refused batch with the server’s text, asking the token endpoint once', async () => {
    world.tokenServer.plan({ status: 400, body: { error: 'invalid_scope', error_description: 'scope not granted to this app' } });
    const segment = client({ maxRetries: 3 });
    segment.track({ userId: 'u', event: 'Refused' });

    const result = await segment.flush();

    expect(result).toMatchObject({ delivered: 0, failed: 1 });
    expect(result.failures[0]).toMatchObject({ reason: 'rejected', status: 400 });
    expect(events.filter((event) => event.type === 'retry')).toEqual([]);
    expect(result.failures[0]!.error).toContain('invalid_scope: scope not granted to this app');
    expect(reported[0]!.message).toContain('invalid_scope: scope not granted to this app');
    expect(world.tokenServer.requests).toHaveLength(1);
  });

  it('redacts secrets the token endpoint echoes back in its error text', async () => {
    world.tokenServer.plan((request) => ({
      status: 400,
      body: { error: 'invalid_grant', error_description: `cannot parse ${request.form.get('client_assertion')} for ${WRITE_KEY}` },
    }));
    const auth = authorizer();

    const refusal = (await Promise.resolve(auth.authorization(new AbortController().signal)).catch((error: unknown) => error)) as SegmentDeliveryError;

    expect(refusal.message).toContain('cannot parse [redacted] for [redacted]');
    expect(refusal.responseBody).toContain('cannot parse [redacted] for [redacted]');
  });

  it('retries a 503 from the token endpoint as passing trouble', async () => {
    world.tokenServer.plan({ status: 503, body: 'upstream unavailable' });
    const segment = client();
    segment.track({ userId: 'u', event: 'After 503' });

    expect(await segment.flush()).toMatchObject({ delivered: 1 });
    expect(world.tokenServer.requests.map((request) => request.status)).toEqual([503, 200]);
  });

  it.each([
    ['ahead', 10 * 60_000],
    ['behind', -10 * 60_000],
  ])('corrects for an auth server clock 10 minutes %s, learnt from its Date header', async (_direction, offset) => {
    world.tokenServer.clockOffsetMs = offset;
    const segment = client();
    segment.track({ userId: 'u', event: 'Skewed' });

    expect(await segment.flush()).toMatchObject({ delivered: 1 });

    // The first assertion, stamped on our clock, is refused; the answer's Date corrects the second.
    const [refused, accepted] = world.tokenServer.requests;
    expect(refused!.refusal).toMatch(/^invalid_grant: client assertion rejected/);
    expect(accepted!.status).toBe(200);
    const claims = decodeJwt(accepted!.form.get('client_assertion')!);
    const serverNowSeconds = (accepted!.receivedAt + offset) / 1000;
    expect(Math.abs(claims.iat! - serverNowSeconds)).toBeLessThan(10);
    expect(logger.at('warn').join('\n')).toMatch(/clock is 600 s (behind|ahead of) the OAuth server/);

    // Once learnt, the next token request is right the first time.
    world.tokenServer.revoke(world.tokenServer.tokens[0]!);
    segment.track({ userId: 'u', event: 'Skewed Again' });
    expect(await segment.flush()).toMatchObject({ delivered: 1 });
    expect(world.tokenServer.requests.map((request) => request.status)).toEqual([400, 200, 200]);
  });
});
