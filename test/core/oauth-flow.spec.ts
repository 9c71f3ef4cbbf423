import { decodeJwt, decodeProtectedHeader } from 'jose';
import { SegmentClient, type SegmentClientOptions, type SegmentEvent } from '../../lib/index.js';
import { OAuthWorld, CLIENT_ID, KEY_ID, WRITE_KEY, WatchedLogger, everythingSaid, generateRsaKeys } from '../support/oauth-fixtures.js';

const keys = generateRsaKeys();

describe('OAuth 2.0: bearer tokens against a real token server and a collector that demands them', () => {
  let world: OAuthWorld;
  let logger: WatchedLogger;
  let events: SegmentEvent[];
  const clients: SegmentClient[] = [];

  const client = (extra: Partial<SegmentClientOptions> = {}): SegmentClient => {
    const created = new SegmentClient(world.clientOptions({ logger, debug: true, ...extra }));
    created.events$.subscribe((event) => events.push(event));
    clients.push(created);
    return created;
  };

  beforeEach(async () => {
    world = await new OAuthWorld(keys).start();
    logger = new WatchedLogger();
    events = [];
  });

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((created) => created.close({ timeoutMs: 1_000 })));
    await world.stop();
    // Whatever happened in the test, no secret reached a log line, an event or an error.
    const said = everythingSaid(logger, events, []);
    for (const secret of world.secrets()) expect(said).not.toContain(secret);
  });

  it('sends Authorization: Bearer <token> from a verified client assertion; the body still carries the write key', async () => {
    const segment = client();
    const ids = [segment.track({ userId: 'u1', event: 'Signed Up' }), segment.identify({ userId: 'u1', traits: { plan: 'pro' } })];

    const result = await segment.flush();

    expect(result).toMatchObject({ delivered: 2, failed: 0 });
    expect(world.collector.messages.map((message) => message.messageId)).toEqual(ids);
    const [tokenRequest] = world.tokenServer.requests;
    expect(world.tokenServer.requests).toHaveLength(1);
    expect(tokenRequest!.status).toBe(200);
    const [tracking] = world.collector.requests;
    expect(tracking!.headers.authorization).toBe(`Bearer ${tokenRequest!.token}`);
    expect((tracking!.body as { writeKey: string }).writeKey).toBe(WRITE_KEY);

    // The wire form: properly URL-encoded RFC 7523 fields (the server parsed them back).
    expect(tokenRequest!.contentType).toBe('application/x-www-form-urlencoded');
    expect(tokenRequest!.rawBody).toContain('client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer');
    expect(tokenRequest!.rawBody).toContain('scope=tracking_api%3Awrite');
    expect(tokenRequest!.rawBody).toContain('grant_type=client_credentials');
    // The assertion as the server verified it.
    const assertion = tokenRequest!.form.get('client_assertion')!;
    expect(decodeProtectedHeader(assertion)).toEqual({ alg: 'RS256', kid: KEY_ID, typ: 'JWT' });
    const claims = decodeJwt(assertion);
    expect(claims).toMatchObject({ iss: CLIENT_ID, sub: CLIENT_ID, aud: world.tokenServer.url });
    expect(claims.exp! - claims.iat!).toBe(60);
    expect(claims.jti).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('accepts the key as a KeyObject too', async () => {
    const options = world.clientOptions({ logger });
    const segment = client({ oauth: { ...options.oauth!, privateKey: keys.privateKey } });
    segment.track({ userId: 'u1', event: 'Key Object' });

    expect(await segment.flush()).toMatchObject({ delivered: 1 });
  });

  it('fetches one token for many concurrent batches, and loses no message while it is being fetched', async () => {
    const release = world.tokenServer.hold();
    const segment = client({ flushAt: 1, maxConcurrentRequests: 8 });
    const ids = Array.from({ length: 40 }, (_, i) => segment.track({ userId: 'u', event: `E${i}` }));

    await world.tokenServer.waitForRequests(1);
    // Eight batches are in flight, every one of them waiting on the single token request.
    expect(segment.stats()).toMatchObject({ inFlight: 8, queued: 32 });
    release();
    const result = await segment.flush();

    expect(result).toMatchObject({ delivered: 40, failed: 0 });
    expect(world.tokenServer.requests).toHaveLength(1);
    expect(new Set(world.collector.messages.map((message) => message.messageId))).toEqual(new Set(ids));
    expect(world.presented.every((seen) => seen.accepted)).toBe(true);
  });

  it('refreshes a token in use before it expires, so the tracking API never sees an expired one', async () => {
    world.tokenServer.expiresIn = 3;
    const segment = client();
    segment.track({ userId: 'u', event: 'Before Refresh' });
    await segment.flush();
    const [first] = world.tokenServer.requests;

    // The refresh is due at 80% of the token's life, unprompted by any batch.
    await logger.waitFor(/token obtained/, 2);
    const [, refresh] = world.tokenServer.requests;

    expect(refresh!.status).toBe(200);
    expect(refresh!.receivedAt).toBeLessThan(first!.tokenExpiresAt!);
    segment.track({ userId: 'u', event: 'After Refresh' });
    expect(await segment.flush()).toMatchObject({ delivered: 1 });
    expect(world.collector.requests.map((request) => request.headers.authorization)).toEqual([`Bearer ${first!.token}`, `Bearer ${refresh!.token}`]);
    expect(world.presented.every((seen) => seen.accepted)).toBe(true);
    expect(logger.at('debug').join('\n')).toMatch(/refreshing the token before it expires/);
  });

  it('drops a token the tracking API refuses (401) and delivers after exactly one refetch', async () => {
    const segment = client();
    segment.track({ userId: 'u', event: 'First' });
    await segment.flush();
    const [first] = world.tokenServer.tokens;
    world.tokenServer.revoke(first!);

    const id = segment.track({ userId: 'u', event: 'After Revocation' });
    const result = await segment.flush();

    expect(result).toMatchObject({ delivered: 1, failed: 0 });
    expect(world.tokenServer.requests).toHaveLength(2);
    const second = world.tokenServer.tokens[1]!;
    expect(world.presented).toEqual([
      { authorization: `Bearer ${first}`, accepted: true },
      { authorization: `Bearer ${first}`, accepted: false },
      { authorization: `Bearer ${second}`, accepted: true },
    ]);
    const retry = events.find((event) => event.type === 'retry');
    // Fresh credentials are worth an immediate attempt, not a backoff.
    expect(retry).toMatchObject({ status: 401, delayMs: 0, messageIds: [id] });
    expect(events.at(-1)).toMatchObject({ type: 'delivered', attempts: 2, messageIds: [id] });
  });

  it('refetches once, not in a loop, when the tracking API refuses fresh tokens too; the batch fails as rejected', async () => {
    world.tokenServer.revokeAll();
    const segment = client({ maxRetries: 10 });
    segment.track({ userId: 'u', event: 'Never Allowed' });

    const result = await segment.flush();

    expect(result).toMatchObject({ delivered: 0, failed: 1 });
    expect(result.failures[0]).toMatchObject({ reason: 'rejected', status: 401 });
    expect(world.tokenServer.requests).toHaveLength(2);
    expect(world.presented.map((seen) => seen.accepted)).toEqual([false, false]);
  });

  it('shares the refetch when several batches are refused with the same token', async () => {
    const segment = client({ flushAt: 1, maxConcurrentRequests: 6 });
    segment.track({ userId: 'u', event: 'Warm Up' });
    await segment.flush();
    world.tokenServer.revoke(world.tokenServer.tokens[0]!);

    for (let i = 0; i < 6; i++) segment.track({ userId: 'u', event: `E${i}` });
    const result = await segment.flush();

    expect(result).toMatchObject({ delivered: 6, failed: 0 });
    expect(world.tokenServer.requests).toHaveLength(2);
  });
});
