/**
 * Proves README section "OAuth 2.0, regions and proxies > OAuth 2.0, step by step": step 1's
 * openssl commands are run as the README prints them (in a temp dir), and the key pair they
 * make is the one used by step 4: the client block (blocks/oauth-client.ts, verbatim) and the
 * Nest one-liner below with the README's environment variables, against a local token endpoint
 * that verifies assertions with the generated public.pem (what you upload to Segment) and a
 * collector that only accepts the bearer tokens it issued.
 *
 * The README's examples name neither host nor auth server (they talk to Segment), so
 * https://api.segment.io and https://oauth2.segment.io are routed to those two local servers.
 */
import { execFileSync } from 'node:child_process';
import { createPrivateKey, createPublicKey } from 'node:crypto';
import * as realFs from 'node:fs';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { jest } from '@jest/globals';
import { Test } from '@nestjs/testing';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { SegmentClient, SegmentConfigError, SegmentModule, SegmentService, segmentConfig } from 'nestjs-segment';
import type { SegmentCollector } from 'nestjs-segment/testing';
import { CLIENT_ID, KEY_ID, WRITE_KEY } from '../support/oauth-fixtures.js';
import { readmeBlock } from './support/readme.js';
import { OAUTH_US, SEGMENT_US, routeSegmentHosts, type SegmentRoutes } from './support/segment-hosts.js';
import { SegmentTokenEndpoint, oauthCollector } from './support/segment-oauth.js';

const OPENSSL = '/usr/bin/openssl';
/** Where the README's client block reads its key. */
const SECRET_PATH = '/run/secrets/segment-private.pem';

describe('README: OAuth 2.0, step by step', () => {
  const savedEnv = { ...process.env };
  let dir: string;
  let tokens: SegmentTokenEndpoint;
  let collector: SegmentCollector;
  let routes: SegmentRoutes;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'readme-oauth-'));
    // Step 1, exactly as printed, with the openssl the README's reader would have on PATH.
    const commands = readmeBlock('OAuth 2.0, step by step', 'sh', 'openssl genpkey').body;
    execFileSync('sh', ['-c', commands], { cwd: dir, stdio: 'pipe', env: { ...process.env, PATH: `${dirname(OPENSSL)}:${process.env.PATH ?? ''}` } });
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  beforeEach(async () => {
    tokens = new SegmentTokenEndpoint(
      { clientId: CLIENT_ID, keyId: KEY_ID, publicKey: createPublicKey(readFileSync(join(dir, 'public.pem'))) },
      OAUTH_US,
    );
    collector = oauthCollector(tokens, WRITE_KEY);
    const [tokenAddress, collectorAddress] = await Promise.all([tokens.start(), collector.start()]);
    routes = routeSegmentHosts({ [SEGMENT_US]: collectorAddress, [OAUTH_US]: tokenAddress });
  });

  afterEach(async () => {
    routes.restore();
    process.env = { ...savedEnv };
    await Promise.all([tokens.stop(), collector.stop()]);
  });

  it('step 1: the openssl commands write a 2048-bit RSA pair, private.pem in PKCS#8 and public.pem its public half', () => {
    const privatePem = readFileSync(join(dir, 'private.pem'), 'utf8');
    const publicPem = readFileSync(join(dir, 'public.pem'), 'utf8');

    expect(privatePem.startsWith('-----BEGIN PRIVATE KEY-----\n')).toBe(true);
    expect(publicPem.startsWith('-----BEGIN PUBLIC KEY-----\n')).toBe(true);
    const privateKey = createPrivateKey(privatePem);
    expect(privateKey.asymmetricKeyType).toBe('rsa');
    expect(privateKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect(createPublicKey(privateKey).export({ type: 'spki', format: 'pem' })).toBe(publicPem);
  });

  it('step 4, the client: batches carry a Bearer token obtained with an assertion signed by private.pem; the body still carries writeKey', async () => {
    Object.assign(process.env, { SEGMENT_WRITE_KEY: WRITE_KEY, SEGMENT_OAUTH_CLIENT_ID: CLIENT_ID, SEGMENT_OAUTH_KEY_ID: KEY_ID });
    // The block reads /run/secrets/segment-private.pem: that path leads to step 1's private.pem.
    jest.unstable_mockModule('node:fs', () => ({
      ...realFs,
      readFileSync: ((path: realFs.PathOrFileDescriptor, ...rest: unknown[]) =>
        (realFs.readFileSync as (...args: unknown[]) => unknown)(path === SECRET_PATH ? join(dir, 'private.pem') : path, ...rest)) as typeof realFs.readFileSync,
    }));
    const { segment } = await import('./blocks/oauth-client.js');
    try {
      const messageId = segment.track({ userId: 'u1', event: 'Signed In With OAuth' });
      expect(await segment.flush()).toMatchObject({ delivered: 1, failed: 0 });

      expect(collector.messages.map((message) => message.messageId)).toEqual([messageId]);
      const [tokenRequest] = tokens.requests;
      expect(tokens.requests).toHaveLength(1);
      expect(tokenRequest).toMatchObject({ status: 200 });
      expect(collector.requests[0]!.headers.authorization).toBe(`Bearer ${tokenRequest!.token}`);
      expect((collector.requests[0]!.body as { writeKey?: string }).writeKey).toBe(WRITE_KEY);
      // The assertion as Segment's token endpoint checks it.
      const assertion = tokenRequest!.form.get('client_assertion')!;
      expect(decodeProtectedHeader(assertion)).toMatchObject({ alg: 'RS256', kid: KEY_ID });
      expect(decodeJwt(assertion)).toMatchObject({ iss: CLIENT_ID, sub: CLIENT_ID, aud: OAUTH_US });
      expect(tokenRequest!.form.get('scope')).toBe('tracking_api:write');
      expect(routes.requests.map(({ origin, path }) => `${origin}${path}`)).toEqual([`${OAUTH_US}/token`, `${SEGMENT_US}/v1/batch`]);
    } finally {
      await segment.close({ timeoutMs: 1_000 });
    }
  });

  it('step 4, in Nest: segmentConfig reads the README\'s variables, the key from SEGMENT_OAUTH_PRIVATE_KEY_FILE', async () => {
    const values: Record<string, string> = {
      SEGMENT_WRITE_KEY: WRITE_KEY,
      SEGMENT_OAUTH_CLIENT_ID: CLIENT_ID,
      SEGMENT_OAUTH_KEY_ID: KEY_ID,
      SEGMENT_OAUTH_PRIVATE_KEY_FILE: join(dir, 'private.pem'),
    };
    // The variables the README lists, and only those, are the ones set here.
    const listed = readmeBlock('OAuth 2.0, step by step', 'sh', 'SEGMENT_WRITE_KEY=').body.split('\n').map((line) => line.split('=')[0]!.trim());
    expect(listed).toEqual(Object.keys(values));
    Object.assign(process.env, values);

    // README block, verbatim:
    const moduleRef = await Test.createTestingModule({
      imports: [
        SegmentModule.forRootAsync(segmentConfig.asProvider())
      ],
    }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    try {
      await app.init();
      const segment = app.get(SegmentService);
      const messageId = segment.track({ userId: 'u1', event: 'Configured By Environment' });
      expect(await segment.flush()).toMatchObject({ delivered: 1, failed: 0 });
      expect(collector.messages.map((message) => message.messageId)).toEqual([messageId]);
      expect(collector.requests[0]!.headers.authorization).toBe(`Bearer ${tokens.requests[0]!.token}`);
    } finally {
      await app.close();
    }
  });

  it('the key is checked when the client is created: public.pem in place of the private key is a SegmentConfigError naming oauth.privateKey', () => {
    const publicPem = readFileSync(join(dir, 'public.pem'), 'utf8');
    let thrown: unknown;
    try {
      new SegmentClient({ writeKey: WRITE_KEY, oauth: { clientId: CLIENT_ID, keyId: KEY_ID, privateKey: publicPem } }).close();
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(SegmentConfigError);
    expect((thrown as SegmentConfigError).option).toBe('oauth.privateKey');
    expect((thrown as SegmentConfigError).message).not.toContain(publicPem.split('\n')[1]!);
  });
});
