import { SegmentClient, SegmentConfigError, type SegmentClientOptions } from '../../lib/index.js';
import { resolveOptions } from '../../lib/core/resolved-options.js';
import { ForwardProxy } from '../support/forward-proxy.js';
import { CLIENT_ID, KEY_ID, generateRsaKeys } from '../support/oauth-fixtures.js';
import { expectThrown } from '../support/expect-thrown.js';

const keys = generateRsaKeys();
const oauth = { clientId: CLIENT_ID, keyId: KEY_ID, privateKey: keys.privatePem };
const US = { host: 'https://api.segment.io', authServer: 'https://oauth2.segment.io' };
const EU = { host: 'https://events.eu1.segmentapis.com', authServer: 'https://oauth2.eu1.segmentapis.com' };

function resolved(options: Partial<SegmentClientOptions>) {
  return resolveOptions({ writeKey: 'region-key', ...options } as SegmentClientOptions);
}

function configError(options: Partial<SegmentClientOptions>): SegmentConfigError {
  return expectThrown(SegmentConfigError, () => resolved(options));
}

describe('regions', () => {
  it.each<[string, Partial<SegmentClientOptions>, string, string]>([
    ['no region: US', {}, `${US.host}/v1/batch`, `${US.authServer}/token`],
    ["region 'us'", { region: 'us' }, `${US.host}/v1/batch`, `${US.authServer}/token`],
    ["region 'eu'", { region: 'eu' }, `${EU.host}/v1/batch`, `${EU.authServer}/token`],
    ['an EU host without a region (the pre-region way)', { host: EU.host, oauth: { ...oauth, authServer: EU.authServer } }, `${EU.host}/v1/batch`, `${EU.authServer}/token`],
    ["region 'eu' with a company gateway as host", { region: 'eu', host: 'https://segment-gw.example.com' }, 'https://segment-gw.example.com/v1/batch', `${EU.authServer}/token`],
    ["region 'eu' with a local auth server", { region: 'eu', oauth: { ...oauth, authServer: 'http://127.0.0.1:4444/' } }, `${EU.host}/v1/batch`, 'http://127.0.0.1:4444/token'],
  ])('%s picks the tracking host and the auth server together', (_case, options, endpoint, tokenEndpoint) => {
    const settings = resolved({ oauth, ...options });
    expect(settings.endpoint.href).toBe(endpoint);
    expect(settings.oauth!.tokenEndpoint.href).toBe(tokenEndpoint);
    // The assertion's audience is the auth server as configured, without a trailing slash.
    expect(settings.oauth!.authServer).toBe(tokenEndpoint.replace(/\/token$/, ''));
  });

  it.each<[string, Partial<SegmentClientOptions>, string, RegExp]>([
    ['an EU host with the US auth server', { host: EU.host, oauth: { ...oauth, authServer: US.authServer } }, 'oauth.authServer', /is in the US region but host .* is in the EU region.*Set region: 'eu'/],
    ['a US host with the EU auth server', { host: US.host, oauth: { ...oauth, authServer: EU.authServer } }, 'oauth.authServer', /is in the EU region but host .* is in the US region/],
    ['an EU host with the default (US) auth server', { host: EU.host, oauth }, 'oauth.authServer', /a token from one region is refused by the other/],
    ["region 'eu' with the US tracking host", { region: 'eu', host: US.host }, 'host', /US tracking host, but region is 'eu'/],
    ["region 'us' with the EU auth server", { region: 'us', oauth: { ...oauth, authServer: EU.authServer } }, 'oauth.authServer', /EU auth server, but region is 'us'/],
    ['an unknown region', { region: 'EU' as never }, 'region', /'us' or 'eu'.*got the string "EU"/],
  ])('refuses %s', (_case, options, option, text) => {
    const error = configError(options);
    expect(error.option).toBe(option);
    expect(error.message).toMatch(text);
  });

  describe('on the wire, through a forward proxy that records where requests were headed', () => {
    const proxy = new ForwardProxy();
    beforeAll(() => proxy.start());
    afterAll(() => proxy.stop());
    beforeEach(() => proxy.requests.splice(0));

    it.each<[SegmentClientOptions['region'], boolean, string]>([
      ['eu', false, 'events.eu1.segmentapis.com:443'],
      ['us', false, 'api.segment.io:443'],
      ['eu', true, 'oauth2.eu1.segmentapis.com:443'],
      ['us', true, 'oauth2.segment.io:443'],
    ])("region '%s' (oauth: %s) sends its first request to %s", async (region, withOAuth, target) => {
      const client = new SegmentClient({
        writeKey: 'region-key',
        region,
        proxy: proxy.url,
        oauth: withOAuth ? oauth : undefined,
        logger: { log() {}, warn() {}, error() {} },
        flushInterval: 0,
      });
      client.track({ userId: 'u', event: 'Where To' });

      const [first] = await proxy.waitFor(1);
      await client.close({ timeoutMs: 0 });

      expect(first).toMatchObject({ kind: 'connect', target });
    });
  });
});
