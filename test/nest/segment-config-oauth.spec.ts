import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigModule } from '@nestjs/config';
import { Test, type TestingModule } from '@nestjs/testing';
import { SEGMENT_ENV_VARS, SegmentModule, type SegmentOptionsError, SegmentService, segmentConfig } from '../../lib/index.js';
import { validateSegmentOptions } from '../../lib/nest/segment-options.validation.js';
import { UnusableEnvValue } from '../../lib/nest/unusable-env-value.js';
import { ForwardProxy } from '../support/forward-proxy.js';
import { CLIENT_ID, KEY_ID, OAuthWorld, WRITE_KEY } from '../support/oauth-fixtures.js';
import { RecordingLogger } from '../support/recording-logger.js';
import { optionsFailure } from '../support/options-failure.js';

const { privateKey: PEM, publicKey: PUBLIC_PEM } = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
});
/** The key as one env var line: real line breaks written as literal `\n`. */
const PEM_ONE_LINE = PEM.trim().replace(/\n/g, '\\n');
const PROXY_USER = 'egress-svc';
const PROXY_PASSWORD = 'pr0xy-s3cret-7Qz';

/** What a leak would show: the write key, the proxy password, every base64 line of the private key. */
const SECRETS = [WRITE_KEY, PROXY_PASSWORD, ...PEM.split('\n').filter((line) => line !== '' && !line.startsWith('-----'))];

function expectNoSecret(...texts: string[]): void {
  const said = texts.join('\n');
  for (const secret of SECRETS) expect(said).not.toContain(secret);
}

// Every variable segmentConfig or undici's EnvHttpProxyAgent reads: cleared before each test, restored after.
const PROXY_ENV = new Set(['http_proxy', 'HTTP_PROXY', 'https_proxy', 'HTTPS_PROXY', 'no_proxy', 'NO_PROXY']);
const managed = (name: string): boolean => name.startsWith('SEGMENT_') || PROXY_ENV.has(name);

describe('segmentConfig: OAuth and proxy from the environment', () => {
  let dir: string;
  let keyFile: string;
  let publicKeyFile: string;
  let savedEnv: Array<[string, string | undefined]>;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'segment-oauth-'));
    keyFile = join(dir, 'private.pem');
    publicKeyFile = join(dir, 'public.pem');
    writeFileSync(keyFile, PEM, { mode: 0o600 });
    writeFileSync(publicKeyFile, PUBLIC_PEM);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  beforeEach(() => {
    savedEnv = Object.keys(process.env)
      .filter(managed)
      .map((name) => [name, process.env[name]]);
    for (const [name] of savedEnv) delete process.env[name];
  });
  afterEach(() => {
    for (const name of Object.keys(process.env).filter(managed)) delete process.env[name];
    for (const [name, value] of savedEnv) if (value !== undefined) process.env[name] = value;
  });

  const setEnv = (vars: Record<string, string>): void => void Object.assign(process.env, vars);
  /** The options segmentConfig builds from the current environment, and what validation says of them. */
  const configured = () => {
    const options = segmentConfig() as unknown as Record<string, unknown>;
    return { options, problems: validateSegmentOptions(options) };
  };
  const compileFromEnv = (logger: RecordingLogger): Promise<TestingModule> =>
    Test.createTestingModule({ imports: [ConfigModule.forRoot({ ignoreEnvFile: true }), SegmentModule.forRootAsync(segmentConfig.asProvider())] })
      .setLogger(logger)
      .compile();

  /** Boots a Nest module from the environment; resolves with what init() rejected with. */
  async function bootFailure(logger = new RecordingLogger()): Promise<SegmentOptionsError> {
    const moduleRef = await compileFromEnv(logger);
    return optionsFailure(() => moduleRef.init(), moduleRef);
  }

  describe('env -> options', () => {
    it('maps every SEGMENT_OAUTH_* variable and SEGMENT_PROXY, trimmed; the options validate', () => {
      setEnv({
        SEGMENT_WRITE_KEY: WRITE_KEY,
        SEGMENT_OAUTH_CLIENT_ID: ` ${CLIENT_ID} `,
        SEGMENT_OAUTH_KEY_ID: KEY_ID,
        SEGMENT_OAUTH_PRIVATE_KEY: PEM,
        SEGMENT_OAUTH_AUTH_SERVER: 'https://oauth2.eu1.segmentapis.com',
        SEGMENT_OAUTH_SCOPE: 'tracking_api:write',
        SEGMENT_REGION: 'eu',
        SEGMENT_PROXY: 'env',
      });
      const { options, problems } = configured();
      expect(options).toEqual({
        writeKey: WRITE_KEY,
        region: 'eu',
        proxy: 'env',
        oauth: { clientId: CLIENT_ID, keyId: KEY_ID, privateKey: PEM.trim(), authServer: 'https://oauth2.eu1.segmentapis.com', scope: 'tracking_api:write' },
      });
      expect(problems).toEqual([]);
    });

    it('takes a PEM whose line breaks arrived as literal \\n', () => {
      setEnv({ SEGMENT_WRITE_KEY: WRITE_KEY, SEGMENT_OAUTH_CLIENT_ID: CLIENT_ID, SEGMENT_OAUTH_KEY_ID: KEY_ID, SEGMENT_OAUTH_PRIVATE_KEY: PEM_ONE_LINE });
      const { options, problems } = configured();
      expect(options.oauth).toEqual({ clientId: CLIENT_ID, keyId: KEY_ID, privateKey: PEM_ONE_LINE });
      expect(problems).toEqual([]);
    });

    it('SEGMENT_OAUTH_PRIVATE_KEY_FILE: the file is read when the factory runs', () => {
      setEnv({ SEGMENT_WRITE_KEY: WRITE_KEY, SEGMENT_OAUTH_CLIENT_ID: CLIENT_ID, SEGMENT_OAUTH_KEY_ID: KEY_ID, SEGMENT_OAUTH_PRIVATE_KEY_FILE: keyFile });
      const { options, problems } = configured();
      expect(options.oauth).toEqual({ clientId: CLIENT_ID, keyId: KEY_ID, privateKey: PEM });
      expect(problems).toEqual([]);
    });

    it('no oauth without SEGMENT_OAUTH_* (blank ones count as unset); any one of them makes the object', () => {
      setEnv({ SEGMENT_WRITE_KEY: WRITE_KEY, SEGMENT_OAUTH_CLIENT_ID: '  ', SEGMENT_OAUTH_SCOPE: '' });
      expect(configured().options).toEqual({ writeKey: WRITE_KEY });
      for (const [envVar, value, oauth] of [
        ['SEGMENT_OAUTH_AUTH_SERVER', 'https://oauth2.segment.io', { authServer: 'https://oauth2.segment.io' }],
        ['SEGMENT_OAUTH_SCOPE', 'tracking_api:write', { scope: 'tracking_api:write' }],
        ['SEGMENT_OAUTH_PRIVATE_KEY_FILE', keyFile, { privateKey: PEM }],
      ] as const) {
        setEnv({ [envVar]: value });
        expect(configured().options.oauth).toEqual(oauth);
        delete process.env[envVar];
      }
    });

    it('SEGMENT_PROXY is passed on raw, credentials included', () => {
      const proxy = `http://${PROXY_USER}:${PROXY_PASSWORD}@proxy.internal:3128`;
      setEnv({ SEGMENT_WRITE_KEY: WRITE_KEY, SEGMENT_PROXY: proxy });
      const { options, problems } = configured();
      expect(options).toEqual({ writeKey: WRITE_KEY, proxy });
      expect(problems).toEqual([]);
    });

    it('the env var map names the nested options by path', () => {
      expect(SEGMENT_ENV_VARS).toMatchObject({
        'oauth.clientId': 'SEGMENT_OAUTH_CLIENT_ID',
        'oauth.keyId': 'SEGMENT_OAUTH_KEY_ID',
        'oauth.privateKey': 'SEGMENT_OAUTH_PRIVATE_KEY',
        'oauth.authServer': 'SEGMENT_OAUTH_AUTH_SERVER',
        'oauth.scope': 'SEGMENT_OAUTH_SCOPE',
        proxy: 'SEGMENT_PROXY',
      });
    });
  });

  describe('problems, each named with its env var', () => {
    it('missing OAuth fields fail boot by name once any SEGMENT_OAUTH_* is set', async () => {
      setEnv({ SEGMENT_WRITE_KEY: WRITE_KEY, SEGMENT_OAUTH_CLIENT_ID: CLIENT_ID });
      const error = await bootFailure();
      expect(error.message).toMatch(/Segment is misconfigured \(2 problems\)/);
      expect(error.message).toContain(
        '- oauth.keyId (SEGMENT_OAUTH_KEY_ID) is required: the id Segment shows for the uploaded public key, a non-empty string (got nothing)',
      );
      expect(error.message).toContain(
        '- oauth.privateKey (SEGMENT_OAUTH_PRIVATE_KEY or SEGMENT_OAUTH_PRIVATE_KEY_FILE) is required: the RSA private key, a PKCS#8 PEM string or a KeyObject (got nothing)',
      );
      expect(error.problems.map((problem) => [problem.option, problem.envVar])).toEqual([
        ['oauth.keyId', 'SEGMENT_OAUTH_KEY_ID'],
        ['oauth.privateKey', 'SEGMENT_OAUTH_PRIVATE_KEY'],
      ]);
    });

    it('only SEGMENT_OAUTH_SCOPE set: client id, key id and key are all reported', () => {
      setEnv({ SEGMENT_WRITE_KEY: WRITE_KEY, SEGMENT_OAUTH_SCOPE: 'tracking_api:write' });
      expect(configured().problems.map((problem) => problem.option)).toEqual(['oauth.clientId', 'oauth.keyId', 'oauth.privateKey']);
      expect(configured().problems[0]!.message).toMatch(/^oauth\.clientId \(SEGMENT_OAUTH_CLIENT_ID\) is required/);
    });

    it('SEGMENT_OAUTH_PRIVATE_KEY and SEGMENT_OAUTH_PRIVATE_KEY_FILE both set is one problem naming both, and no key is shown', () => {
      setEnv({ SEGMENT_WRITE_KEY: WRITE_KEY, SEGMENT_OAUTH_CLIENT_ID: CLIENT_ID, SEGMENT_OAUTH_KEY_ID: KEY_ID, SEGMENT_OAUTH_PRIVATE_KEY: PEM, SEGMENT_OAUTH_PRIVATE_KEY_FILE: keyFile });
      const { options, problems } = configured();
      expect((options.oauth as { privateKey: unknown }).privateKey).toBeInstanceOf(UnusableEnvValue);
      expect(problems).toEqual([
        {
          option: 'oauth.privateKey',
          envVar: 'SEGMENT_OAUTH_PRIVATE_KEY',
          message: expect.stringMatching(/^oauth\.privateKey \(SEGMENT_OAUTH_PRIVATE_KEY and SEGMENT_OAUTH_PRIVATE_KEY_FILE\) are both set; set only one/),
        },
      ]);
      expectNoSecret(JSON.stringify(problems), JSON.stringify(options.oauth));
    });

    it('an unreadable key file fails boot naming the variable and the path, with the other problems; the factory does not throw', async () => {
      const missing = join(dir, 'nope', 'private.pem');
      setEnv({ SEGMENT_WRITE_KEY: WRITE_KEY, SEGMENT_OAUTH_CLIENT_ID: CLIENT_ID, SEGMENT_OAUTH_KEY_ID: KEY_ID, SEGMENT_OAUTH_PRIVATE_KEY_FILE: missing, SEGMENT_FLUSH_AT: '0' });
      expect(() => segmentConfig()).not.toThrow();
      const logger = new RecordingLogger();
      const error = await bootFailure(logger);
      expect(error.message).toMatch(/\(2 problems\)/);
      expect(error.message).toContain(`- oauth.privateKey (SEGMENT_OAUTH_PRIVATE_KEY_FILE) could not be read from ${missing} (ENOENT: no such file)`);
      expect(error.message).toContain('- flushAt (SEGMENT_FLUSH_AT) must be a whole number from 1 to 2500; got 0');
      expect(error.problems.find((problem) => problem.option === 'oauth.privateKey')!.envVar).toBe('SEGMENT_OAUTH_PRIVATE_KEY_FILE');
      expectNoSecret(error.message, JSON.stringify(error.problems), logger.text());
    });

    it('a directory as key file', () => {
      setEnv({ SEGMENT_WRITE_KEY: WRITE_KEY, SEGMENT_OAUTH_CLIENT_ID: CLIENT_ID, SEGMENT_OAUTH_KEY_ID: KEY_ID, SEGMENT_OAUTH_PRIVATE_KEY_FILE: dir });
      expect(configured().problems.map((problem) => problem.message)).toEqual([
        `oauth.privateKey (SEGMENT_OAUTH_PRIVATE_KEY_FILE) could not be read from ${dir} (EISDIR: it is a directory); it must be the path of the PEM file, readable by this process`,
      ]);
    });

    it('the PEM itself in SEGMENT_OAUTH_PRIVATE_KEY_FILE is refused without being repeated', () => {
      for (const value of [PEM, PEM_ONE_LINE]) {
        setEnv({ SEGMENT_WRITE_KEY: WRITE_KEY, SEGMENT_OAUTH_CLIENT_ID: CLIENT_ID, SEGMENT_OAUTH_KEY_ID: KEY_ID, SEGMENT_OAUTH_PRIVATE_KEY_FILE: value });
        const { options, problems } = configured();
        expect(problems).toHaveLength(1);
        expect(problems[0]!.message).toMatch(/^oauth\.privateKey \(SEGMENT_OAUTH_PRIVATE_KEY_FILE\) must be the path of the PEM file, but holds something else \(not shown/);
        expectNoSecret(problems[0]!.message, String((options.oauth as { privateKey: unknown }).privateKey), JSON.stringify(options.oauth));
      }
    });

    it('a file holding the public key, or a path in SEGMENT_OAUTH_PRIVATE_KEY: the key check runs at validation, never quoting the key', () => {
      setEnv({ SEGMENT_WRITE_KEY: WRITE_KEY, SEGMENT_OAUTH_CLIENT_ID: CLIENT_ID, SEGMENT_OAUTH_KEY_ID: KEY_ID, SEGMENT_OAUTH_PRIVATE_KEY_FILE: publicKeyFile });
      expect(configured().problems.map((problem) => problem.message)).toEqual([
        expect.stringMatching(/^oauth\.privateKey \(SEGMENT_OAUTH_PRIVATE_KEY or SEGMENT_OAUTH_PRIVATE_KEY_FILE\) holds a public key or certificate/),
      ]);
      delete process.env.SEGMENT_OAUTH_PRIVATE_KEY_FILE;
      setEnv({ SEGMENT_OAUTH_PRIVATE_KEY: keyFile });
      expect(configured().problems.map((problem) => problem.message)).toEqual([
        expect.stringMatching(/no PEM header \(was a file path given instead of its contents\?\); a path belongs in SEGMENT_OAUTH_PRIVATE_KEY_FILE$/),
      ]);
    });

    it('checks SEGMENT_OAUTH_AUTH_SERVER and SEGMENT_OAUTH_SCOPE', () => {
      setEnv({ SEGMENT_WRITE_KEY: WRITE_KEY, SEGMENT_OAUTH_CLIENT_ID: CLIENT_ID, SEGMENT_OAUTH_KEY_ID: KEY_ID, SEGMENT_OAUTH_PRIVATE_KEY: PEM, SEGMENT_OAUTH_AUTH_SERVER: 'http://oauth.internal' });
      expect(configured().problems.map((problem) => problem.message)).toEqual([
        expect.stringMatching(/^oauth\.authServer \(SEGMENT_OAUTH_AUTH_SERVER\) uses plain http:\/\/ to a non-loopback host/),
      ]);
      setEnv({ SEGMENT_OAUTH_AUTH_SERVER: WRITE_KEY });
      const [problem] = configured().problems;
      expect(problem!.message).toBe('oauth.authServer (SEGMENT_OAUTH_AUTH_SERVER) must be an absolute http(s) URL such as https://oauth2.segment.io; got a string that contains the write key (not shown)');
      expect(validateSegmentOptions({ writeKey: WRITE_KEY, oauth: { clientId: CLIENT_ID, keyId: KEY_ID, privateKey: PEM, scope: 7 } })[0]!.message).toBe(
        'oauth.scope (SEGMENT_OAUTH_SCOPE) must be a non-empty string of space-separated scopes (default tracking_api:write); got number',
      );
    });

    it.each([
      ['no scheme', `${PROXY_USER}:${PROXY_PASSWORD}@proxy.internal:3128`, /must be 'env' or an absolute http\(s\) URL/],
      ['a socks scheme', `socks5://${PROXY_USER}:${PROXY_PASSWORD}@127.0.0.1:1080`, /must be an http:\/\/ or https:\/\/ URL/],
      ['a path', `http://${PROXY_USER}:${PROXY_PASSWORD}@proxy.internal:3128/squid`, /no path, query or fragment/],
      // An unencoded "/" in the password: the URL parser takes the part before it for host:port.
      ['a slash in the password', `http://admin:7781/${PROXY_PASSWORD}@proxy.internal:3128`, /no path, query or fragment/],
      ['a malformed %-escape', `http://${PROXY_USER}%zz:${PROXY_PASSWORD}@proxy.internal:3128`, /malformed percent-escape/],
    ])('SEGMENT_PROXY with %s is refused without repeating it', (_case, proxy, expected) => {
      setEnv({ SEGMENT_WRITE_KEY: WRITE_KEY, SEGMENT_PROXY: proxy });
      const { problems } = configured();
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatchObject({ option: 'proxy', envVar: 'SEGMENT_PROXY', message: expect.stringMatching(/^proxy \(SEGMENT_PROXY\) /) });
      expect(problems[0]!.message).toMatch(expected);
      expectNoSecret(problems[0]!.message);
      expect(problems[0]!.message).not.toContain('7781');
    });
  });

  it('secrets pasted into the wrong variables never reach the error or the logs', async () => {
    setEnv({
      SEGMENT_WRITE_KEY: WRITE_KEY,
      SEGMENT_HOST: `https://${WRITE_KEY}`,
      SEGMENT_FLUSH_AT: PEM_ONE_LINE,
      SEGMENT_FLUSH_INTERVAL: PROXY_PASSWORD,
      SEGMENT_GZIP: `http://${PROXY_USER}:${PROXY_PASSWORD}@proxy.internal:3128/`,
      SEGMENT_DEBUG: `x${WRITE_KEY}`,
      SEGMENT_OAUTH_CLIENT_ID: CLIENT_ID,
      SEGMENT_OAUTH_PRIVATE_KEY_FILE: keyFile,
      SEGMENT_OAUTH_AUTH_SERVER: PEM_ONE_LINE,
      SEGMENT_PROXY: `http://${PROXY_USER}:${PROXY_PASSWORD}@proxy.internal:3128/`,
    });
    const logger = new RecordingLogger();
    const error = await bootFailure(logger);
    expect(error.problems.map((problem) => problem.option)).toEqual(['oauth.keyId', 'oauth.authServer', 'flushAt', 'flushInterval', 'gzip', 'debug']);
    expect(error.message).toContain('flushAt (SEGMENT_FLUSH_AT) must be a whole number from 1 to 2500; got a string that contains a private key (not shown)');
    expect(error.message).toContain('flushInterval (SEGMENT_FLUSH_INTERVAL) must be a whole number from 0 to 3600000; got a string that contains the proxy password (not shown)');
    expect(error.message).toContain('gzip (SEGMENT_GZIP) must be true or false; got a string that contains the proxy URL (not shown)');
    expect(error.message).toContain('debug (SEGMENT_DEBUG) must be true or false; got a string that contains the write key (not shown)');
    expectNoSecret(error.message, JSON.stringify(error.problems), String(error.stack), logger.text());
  });

  describe('a real client, booted from nothing but the environment', () => {
    const keys = { privateKey: createPrivateKey(PEM), privatePem: PEM, publicKey: createPublicKey(PUBLIC_PEM) };
    const proxy = new ForwardProxy({ credentials: { user: PROXY_USER, password: PROXY_PASSWORD } });
    let world: OAuthWorld;

    beforeAll(() => proxy.start());
    afterAll(() => proxy.stop());
    beforeEach(async () => {
      world = await new OAuthWorld(keys).start();
      proxy.requests.splice(0);
    });
    afterEach(() => world.stop());

    it('key file, bearer tokens, and every request through the authenticated proxy; no secret in the logs', async () => {
      setEnv({
        SEGMENT_WRITE_KEY: WRITE_KEY,
        SEGMENT_HOST: world.collector.url,
        SEGMENT_OAUTH_CLIENT_ID: CLIENT_ID,
        SEGMENT_OAUTH_KEY_ID: KEY_ID,
        SEGMENT_OAUTH_PRIVATE_KEY_FILE: keyFile,
        SEGMENT_OAUTH_AUTH_SERVER: world.tokenServer.url,
        SEGMENT_PROXY: proxy.urlWith(PROXY_USER, PROXY_PASSWORD),
        SEGMENT_DEBUG: 'true',
      });
      const logger = new RecordingLogger();
      const moduleRef = await compileFromEnv(logger);
      await moduleRef.init();
      const segment = moduleRef.get(SegmentService);
      const messageId = segment.track({ userId: 'u1', event: 'Configured From Env' });

      expect(await segment.flush()).toMatchObject({ delivered: 1, failed: 0 });
      await moduleRef.close();

      expect(world.collector.messages.map((message) => message.messageId)).toEqual([messageId]);
      expect(world.presented).toEqual([{ authorization: `Bearer ${world.tokenServer.tokens[0]}`, accepted: true }]);
      const hosts = new Set(proxy.requests.map((request) => new URL(request.kind === 'connect' ? `http://${request.target}` : request.target).host));
      expect(hosts).toEqual(new Set([new URL(world.tokenServer.url).host, new URL(world.collector.url).host]));
      expect(proxy.requests.every((request) => request.status === 200)).toBe(true);
      expect(logger.lines.some((line) => line.level === 'debug')).toBe(true);
      // Tokens and signed assertions too, besides the write key, the key and the proxy password.
      expectNoSecret(logger.text());
      for (const secret of world.secrets()) expect(logger.text()).not.toContain(secret);
    });
  });
});
