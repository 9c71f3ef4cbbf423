import { Agent } from 'undici';
import { SegmentClient, SegmentConfigError, type SegmentClientOptions, type SegmentEvent } from '../../lib/index.js';
import { ForwardProxy } from '../support/forward-proxy.js';
import { OAuthWorld, WatchedLogger, everythingSaid, generateRsaKeys } from '../support/oauth-fixtures.js';
import { expectThrown } from '../support/expect-thrown.js';

const keys = generateRsaKeys();
const PROXY_USER = 'egress-svc';
const PROXY_PASSWORD = 'pr0xy-s3cret-9d1';
const PROXY_ENV = ['http_proxy', 'HTTP_PROXY', 'https_proxy', 'HTTPS_PROXY', 'no_proxy', 'NO_PROXY'] as const;

function configError(options: Partial<SegmentClientOptions>): SegmentConfigError {
  return expectThrown(SegmentConfigError, () => new SegmentClient({ writeKey: 'proxy-key', host: 'http://127.0.0.1:9', ...options } as SegmentClientOptions).close());
}

describe('proxy option', () => {
  it.each<[string, Partial<SegmentClientOptions>, RegExp]>([
    ['a proxy next to a dispatcher', { proxy: 'http://127.0.0.1:3128', dispatcher: new Agent() }, /either dispatcher or proxy/],
    ['a proxy that is no URL', { proxy: `${PROXY_USER}:${PROXY_PASSWORD}@proxy internal` }, /'env' or an (absolute )?http\(s\) URL/],
    ['a socks proxy', { proxy: `socks5://${PROXY_USER}:${PROXY_PASSWORD}@127.0.0.1:1080` }, /http:\/\/ or https:\/\/ URL.*got socks5:\/\//],
    ['a proxy URL with a path', { proxy: `http://${PROXY_USER}:${PROXY_PASSWORD}@127.0.0.1:3128/squid` }, /no path, query or fragment/],
    // An unencoded "/" in the password makes the rest of it parse as a path.
    ['a password with an unencoded slash', { proxy: `http://${PROXY_USER}:7781/${PROXY_PASSWORD}@127.0.0.1:3128` }, /no path, query or fragment.*percent-encode/],
    ['a malformed percent-escape in the password', { proxy: `http://${PROXY_USER}:%G1${PROXY_PASSWORD}@127.0.0.1:3128` }, /malformed percent-escape/],
    ['an empty proxy', { proxy: '' }, /got an empty string/],
  ])('refuses %s, without repeating the credentials', (_case, options, text) => {
    const error = configError(options);
    expect(error.option).toBe('proxy');
    expect(error.message).toMatch(text);
    expect(error.message).not.toContain(PROXY_PASSWORD);
  });
});

describe('forward proxies, for tracking and token requests alike', () => {
  const proxy = new ForwardProxy({ credentials: { user: PROXY_USER, password: PROXY_PASSWORD } });
  const openProxy = new ForwardProxy();
  let world: OAuthWorld;
  let logger: WatchedLogger;
  let events: SegmentEvent[];
  const clients: SegmentClient[] = [];
  const savedEnv = new Map<string, string | undefined>();

  const client = (extra: Partial<SegmentClientOptions>): SegmentClient => {
    const created = new SegmentClient(world.clientOptions({ logger, debug: true, maxRetries: 2, ...extra }));
    created.events$.subscribe((event) => events.push(event));
    clients.push(created);
    return created;
  };
  const hostOf = (url: string) => new URL(url).host;

  beforeAll(() => Promise.all([proxy.start(), openProxy.start()]));
  afterAll(() => Promise.all([proxy.stop(), openProxy.stop()]));

  beforeEach(async () => {
    world = await new OAuthWorld(keys).start();
    logger = new WatchedLogger();
    events = [];
    proxy.requests.splice(0);
    openProxy.requests.splice(0);
    for (const name of PROXY_ENV) {
      savedEnv.set(name, process.env[name]);
      delete process.env[name];
    }
  });

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((created) => created.close({ timeoutMs: 1_000 })));
    await world.stop();
    for (const [name, value] of savedEnv) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    const said = everythingSaid(logger, events);
    for (const secret of [...world.secrets(), PROXY_PASSWORD]) expect(said).not.toContain(secret);
  });

  it("proxy: 'http://user:password@host:port' tunnels the token request and the batch through the proxy, authenticated", async () => {
    const segment = client({ proxy: proxy.urlWith(PROXY_USER, PROXY_PASSWORD) });
    segment.track({ userId: 'u', event: 'Through The Proxy' });

    expect(await segment.flush()).toMatchObject({ delivered: 1 });

    const targets = proxy.requests.map((request) => `${request.kind} ${request.target} ${request.status}`);
    expect(targets).toEqual([`connect ${hostOf(world.tokenServer.url)} 200`, `connect ${hostOf(world.collector.url)} 200`]);
    const basic = 'Basic ' + Buffer.from(`${PROXY_USER}:${PROXY_PASSWORD}`).toString('base64');
    expect(proxy.requests.every((request) => request.proxyAuthorization === basic)).toBe(true);
    expect(world.collector.requests[0]!.headers.authorization).toBe(`Bearer ${world.tokenServer.tokens[0]}`);
  });

  it('reports a proxy that refuses the credentials (407) without the password in any message', async () => {
    const segment = client({ proxy: proxy.urlWith(PROXY_USER, 'wrong-password-1'), oauth: undefined });
    segment.track({ userId: 'u', event: 'Refused By Proxy' });

    const result = await segment.flush();

    expect(result).toMatchObject({ delivered: 0, failed: 1 });
    expect(result.failures[0]!.error).toMatch(/407/);
    expect(proxy.requests.map((request) => request.status)).toEqual([407, 407, 407]);
    expect(everythingSaid(logger, events)).not.toContain('wrong-password-1');
  });

  it("proxy: 'env' goes through HTTP_PROXY", async () => {
    process.env.HTTP_PROXY = openProxy.url;
    const segment = client({ proxy: 'env' });
    segment.track({ userId: 'u', event: 'Env Proxy' });

    expect(await segment.flush()).toMatchObject({ delivered: 1 });
    expect(openProxy.requests.map((request) => request.target)).toEqual([hostOf(world.tokenServer.url), hostOf(world.collector.url)]);
  });

  it("proxy: 'env' leaves hosts in NO_PROXY alone", async () => {
    process.env.HTTP_PROXY = openProxy.url;
    process.env.NO_PROXY = `example.com,${hostOf(world.collector.url)}`;
    const segment = client({ proxy: 'env' });
    segment.track({ userId: 'u', event: 'Bypassing' });

    expect(await segment.flush()).toMatchObject({ delivered: 1 });
    // The token server's port is not in NO_PROXY: only its request went through the proxy.
    expect(openProxy.requests.map((request) => request.target)).toEqual([hostOf(world.tokenServer.url)]);
  });

  it('without a proxy option, HTTP_PROXY is not used', async () => {
    process.env.HTTP_PROXY = openProxy.url;
    const segment = client({});
    segment.track({ userId: 'u', event: 'Direct' });

    expect(await segment.flush()).toMatchObject({ delivered: 1 });
    expect(openProxy.requests).toEqual([]);
  });
});
