import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { SegmentConfigError, type SegmentClientOptions } from '../../lib/index.js';
import { resolveOptions } from '../../lib/core/resolved-options.js';
import { CLIENT_ID, KEY_ID, generateRsaKeys, pemFragment } from '../support/oauth-fixtures.js';

const keys = generateRsaKeys();
const oauth = { clientId: CLIENT_ID, keyId: KEY_ID, privateKey: keys.privatePem };
const encryptedPem = keys.privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'pass' }).toString();
const publicPem = createPublicKey(keys.privateKey).export({ type: 'spki', format: 'pem' }).toString();
const ecKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
const smallRsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey;
const brokenPem = keys.privatePem.replace(pemFragment(keys.privatePem), 'AAAA' + pemFragment(keys.privatePem).slice(4, -4) + '!!!!');

function configError(options: Partial<SegmentClientOptions>): SegmentConfigError {
  try {
    resolveOptions({ writeKey: 'oauth-options-key', host: 'http://127.0.0.1:9', ...options } as SegmentClientOptions);
  } catch (error) {
    expect(error).toBeInstanceOf(SegmentConfigError);
    return error as SegmentConfigError;
  }
  throw new Error('expected a SegmentConfigError, nothing was thrown');
}

describe('oauth options', () => {
  it.each<[string, unknown, string, RegExp]>([
    ['oauth that is not an object', 'client-id', 'oauth', /must be an object/],
    ['a missing clientId', { ...oauth, clientId: undefined }, 'oauth.clientId', /non-empty string.*got nothing/],
    ['a blank keyId', { ...oauth, keyId: ' ' }, 'oauth.keyId', /non-empty string/],
    ['a missing private key', { ...oauth, privateKey: undefined }, 'oauth.privateKey', /PKCS#8 PEM string.*got nothing/],
    ['a public key', { ...oauth, privateKey: publicPem }, 'oauth.privateKey', /public key or certificate/],
    ['a public KeyObject', { ...oauth, privateKey: keys.publicKey }, 'oauth.privateKey', /is a public key/],
    ['an encrypted key', { ...oauth, privateKey: encryptedPem }, 'oauth.privateKey', /encrypted with a passphrase.*openssl pkcs8 -topk8 -nocrypt/],
    ['a file path instead of the key', { ...oauth, privateKey: './secrets/private.pem' }, 'oauth.privateKey', /no PEM header \(was a file path given/],
    ['a damaged PEM', { ...oauth, privateKey: brokenPem }, 'oauth.privateKey', /could not be read as a PEM private key/],
    ['an EC key', { ...oauth, privateKey: ecKey }, 'oauth.privateKey', /must be an RSA key.*got a key of type ec/],
    ['a 1024-bit RSA key', { ...oauth, privateKey: smallRsa }, 'oauth.privateKey', /at least 2048 bits.*has 1024/],
    ['an empty scope', { ...oauth, scope: '' }, 'oauth.scope', /non-empty string/],
    ['an authServer that is no URL', { ...oauth, authServer: 'oauth2 segment io' }, 'oauth.authServer', /absolute http\(s\) URL/],
    ['plain http to a remote auth server', { ...oauth, authServer: 'http://oauth.example.com' }, 'oauth.authServer', /plain http:\/\/ to a non-loopback host \(oauth\.example\.com\), which would send the signed client assertion in clear.*allowInsecureHttp/],
    ['credentials in the auth server', { ...oauth, authServer: 'https://user:pw@oauth.example.com' }, 'oauth.authServer', /credentials/],
    ['a query on the auth server', { ...oauth, authServer: 'https://oauth.example.com?tenant=1' }, 'oauth.authServer', /no query/],
  ])('refuses %s, naming the option and never quoting the key', (_case, value, option, text) => {
    const error = configError({ oauth: value as SegmentClientOptions['oauth'] });
    expect(error.option).toBe(option);
    expect(error.message).toMatch(text);
    expect(error.message).not.toContain(pemFragment(keys.privatePem));
    expect(error.message).not.toContain('oauth-options-key');
  });

  it('fills in the defaults: the US auth server and tracking_api:write', () => {
    const settings = resolveOptions({ writeKey: 'k', oauth: { clientId: ` ${CLIENT_ID} `, keyId: KEY_ID, privateKey: keys.privatePem } });
    expect(settings.oauth).toMatchObject({
      clientId: CLIENT_ID,
      keyId: KEY_ID,
      authServer: 'https://oauth2.segment.io',
      scope: 'tracking_api:write',
    });
    expect(settings.oauth!.tokenEndpoint.href).toBe('https://oauth2.segment.io/token');
    expect(settings.oauth!.privateKey.asymmetricKeyType).toBe('rsa');
  });

  it('reads a PEM whose newlines arrived as literal \\n (a key pasted into one environment variable line)', () => {
    const oneLine = keys.privatePem.trim().split('\n').join('\\n');
    const settings = resolveOptions({ writeKey: 'k', oauth: { ...oauth, privateKey: oneLine } });
    expect(settings.oauth!.privateKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
  });

  it('accepts plain http to a remote auth server only with allowInsecureHttp', () => {
    const settings = resolveOptions({ writeKey: 'k', allowInsecureHttp: true, oauth: { ...oauth, authServer: 'http://oauth.example.com/' } });
    expect(settings.oauth!.tokenEndpoint.href).toBe('http://oauth.example.com/token');
  });

  it('has no OAuth when the option is absent', () => {
    expect(resolveOptions({ writeKey: 'k' }).oauth).toBeUndefined();
  });
});
