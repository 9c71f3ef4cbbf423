import { readAuthServer } from '../endpoint-options.js';
import { fieldsOf, kindOf, requiredText, type OptionReader } from '../option-checks.js';
import { REGIONS, type SegmentRegion } from '../region.js';
import { DEFAULT_OAUTH_SCOPE, type ResolvedOAuthOptions } from './oauth-options.js';
import { readPrivateKey } from './private-key.js';

/** `oauth` checked field by field (every field at fault is listed), with the URL rules the host has too. */
export function readOAuthOptions(reader: OptionReader, region: SegmentRegion): ResolvedOAuthOptions | undefined {
  const { problems } = reader;
  const given = fieldsOf(reader, 'oauth', reader.options.oauth, '{ clientId, keyId, privateKey }');
  if (given === undefined) return undefined;
  const clientId = requiredText(reader, 'oauth.clientId', given.clientId, "the OAuth app's client id")?.trim();
  const keyId = requiredText(reader, 'oauth.keyId', given.keyId, 'the id Segment shows for the uploaded public key')?.trim();
  const privateKey =
    given.privateKey === undefined
      ? problems.add('oauth.privateKey', 'is required: the RSA private key, a PKCS#8 PEM string or a KeyObject (got nothing)')
      : problems.read(() => readPrivateKey(given.privateKey));
  let scope: string | undefined = DEFAULT_OAUTH_SCOPE;
  if (given.scope !== undefined) {
    scope = typeof given.scope === 'string' && given.scope.trim() !== '' ? given.scope.trim() : undefined;
    if (scope === undefined)
      problems.add('oauth.scope', `must be a non-empty string of space-separated scopes (default ${DEFAULT_OAUTH_SCOPE}); got ${kindOf(given.scope)}`);
  }
  const server = given.authServer;
  const serverGiven = typeof server === 'string' && server.trim() !== '';
  if (server !== undefined && !serverGiven) problems.add('oauth.authServer', `must be a URL such as ${REGIONS.us.authServer}; got ${kindOf(server)}`);
  // The assertion's audience is the auth server as configured, without a trailing slash.
  const base = (serverGiven ? server.trim() : REGIONS[region].authServer).replace(/\/+$/, '');
  const authServer = server === undefined || serverGiven ? readAuthServer(reader, base) : undefined;
  if (clientId === undefined || keyId === undefined || privateKey === undefined || scope === undefined || authServer === undefined) return undefined;
  return { clientId, keyId, privateKey, scope, authServer: base, tokenEndpoint: new URL(base + '/token') };
}
