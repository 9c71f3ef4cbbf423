/**
 * Proves README section "OAuth 2.0, regions and proxies > Regions" and "> Proxies": their ```ts
 * blocks, verbatim, run in a scope that gives them `writeKey` and a `SegmentClient` that keeps
 * every client it creates (the blocks create clients without naming them), so each one is used
 * and then closed.
 *
 * Segment's hosts are routed to local servers (support/segment-hosts.ts): the EU tracking host
 * and EU auth server to a collector and a token endpoint, and the proxy examples go through a
 * real forward proxy on 127.0.0.1 (test/support/forward-proxy.ts).
 */
import { SegmentClient as PackageSegmentClient, SegmentConfigError, type SegmentClientOptions } from 'nestjs-segment';
import { SegmentCollector } from 'nestjs-segment/testing';
import { ForwardProxy } from '../support/forward-proxy.js';
import { CLIENT_ID, KEY_ID, WRITE_KEY, generateRsaKeys } from '../support/oauth-fixtures.js';
import { OAUTH_EU, OAUTH_US, SEGMENT_EU, SEGMENT_US, routeSegmentHosts, type SegmentRoutes } from './support/segment-hosts.js';
import { SegmentTokenEndpoint, oauthCollector } from './support/segment-oauth.js';

/** `SegmentClient`, keeping each instance in `created` so the test can use and close it. */
function keptIn(created: PackageSegmentClient[]): typeof PackageSegmentClient {
  return class extends PackageSegmentClient {
    constructor(options: SegmentClientOptions) {
      super(options);
      created.push(this);
    }
  };
}

const PROXY_VARIABLES = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'NO_PROXY', 'no_proxy'];

describe('README: OAuth 2.0, regions and proxies', () => {
  const savedEnv = { ...process.env };
  const created: PackageSegmentClient[] = [];
  let collector: SegmentCollector;
  let routes: SegmentRoutes | undefined;

  beforeEach(async () => {
    collector = new SegmentCollector({ writeKeys: [WRITE_KEY] });
    await collector.start();
  });

  afterEach(async () => {
    await Promise.all(created.splice(0).map((client) => client.close({ timeoutMs: 1_000 })));
    routes?.restore();
    routes = undefined;
    process.env = { ...savedEnv };
    await collector.stop();
  });

  describe('Regions', () => {
    it("region: 'eu' sends to Segment's EU tracking host", async () => {
      // Both regions' hosts lead to the collector; which one the client asked for is recorded.
      routes = routeSegmentHosts({ [SEGMENT_EU]: collector.url, [SEGMENT_US]: collector.url });
      const writeKey = WRITE_KEY;
      const SegmentClient = keptIn(created);

      // README block, verbatim:
      new SegmentClient({ writeKey, region: 'eu' });

      const [client] = created;
      const messageId = client!.track({ userId: 'u1', event: 'Sent To The EU' });
      expect(await client!.flush()).toMatchObject({ delivered: 1, failed: 0 });
      expect(collector.messages.map((message) => message.messageId)).toEqual([messageId]);
      expect(routes.requests.map(({ origin, path }) => `${origin}${path}`)).toEqual([`${SEGMENT_EU}/v1/batch`]);
    });

    it('region sets the auth server too: an EU client with OAuth gets its token from the EU auth server', async () => {
      const keys = generateRsaKeys();
      const tokens = new SegmentTokenEndpoint({ clientId: CLIENT_ID, keyId: KEY_ID, publicKey: keys.publicKey }, OAUTH_EU);
      const euCollector = oauthCollector(tokens, WRITE_KEY);
      const [tokenAddress, collectorAddress] = await Promise.all([tokens.start(), euCollector.start()]);
      routes = routeSegmentHosts({ [SEGMENT_EU]: collectorAddress, [OAUTH_EU]: tokenAddress });
      try {
        const SegmentClient = keptIn(created);
        const client = new SegmentClient({ writeKey: WRITE_KEY, region: 'eu', oauth: { clientId: CLIENT_ID, keyId: KEY_ID, privateKey: keys.privatePem } });
        client.track({ userId: 'u1', event: 'EU With OAuth' });

        expect(await client.flush()).toMatchObject({ delivered: 1, failed: 0 });
        expect(routes.requests.map(({ origin, path }) => `${origin}${path}`)).toEqual([`${OAUTH_EU}/token`, `${SEGMENT_EU}/v1/batch`]);
        expect(euCollector.messages).toHaveLength(1);
      } finally {
        await Promise.all(created.splice(0).map((client) => client.close({ timeoutMs: 1_000 })));
        await Promise.all([tokens.stop(), euCollector.stop()]);
      }
    });

    it('a Segment host and auth server from different regions are a SegmentConfigError at creation', () => {
      const keys = generateRsaKeys();
      const oauth = { clientId: CLIENT_ID, keyId: KEY_ID, privateKey: keys.privatePem };
      expect(() => new PackageSegmentClient({ writeKey: WRITE_KEY, host: SEGMENT_EU, oauth })).toThrow(SegmentConfigError);
      expect(() => new PackageSegmentClient({ writeKey: WRITE_KEY, region: 'us', host: SEGMENT_EU })).toThrow(SegmentConfigError);
      expect(() => new PackageSegmentClient({ writeKey: WRITE_KEY, region: 'eu', oauth: { ...oauth, authServer: OAUTH_US } })).toThrow(SegmentConfigError);
    });
  });

  describe('Proxies', () => {
    let proxy: ForwardProxy;

    beforeEach(async () => {
      proxy = new ForwardProxy();
      await proxy.start();
    });

    afterEach(async () => {
      await proxy.stop();
    });

    it("the three proxy settings are accepted; proxy: 'env' sends through the proxy HTTPS_PROXY / HTTP_PROXY name", async () => {
      routes = routeSegmentHosts({ [SEGMENT_US]: collector.url });
      for (const variable of PROXY_VARIABLES) delete process.env[variable];
      // Segment's host leads to the collector on plain http, so HTTP_PROXY is the one that applies.
      Object.assign(process.env, { HTTPS_PROXY: proxy.url, HTTP_PROXY: proxy.url });
      const writeKey = WRITE_KEY;
      const SegmentClient = keptIn(created);

      // README block, verbatim:
      new SegmentClient({ writeKey, proxy: 'env' });                        // HTTPS_PROXY / HTTP_PROXY / NO_PROXY
      new SegmentClient({ writeKey, proxy: 'http://proxy.internal:3128' });  // this proxy, always
      new SegmentClient({ writeKey, proxy: 'http://user:password@proxy.internal:3128' });

      expect(created).toHaveLength(3);
      const [fromEnvironment] = created;
      const messageId = fromEnvironment!.track({ userId: 'u1', event: 'Through The Proxy' });
      expect(await fromEnvironment!.flush()).toMatchObject({ delivered: 1, failed: 0 });

      expect(collector.messages.map((message) => message.messageId)).toEqual([messageId]);
      expect(proxy.requests).toEqual([expect.objectContaining({ kind: 'connect', target: new URL(collector.url).host, status: 200 })]);
    });
  });
});
