import type { KeyObject } from 'node:crypto';
import { SegmentConfigError } from '../errors.js';
import { readPrivateKey } from './private-key.js';

export const DEFAULT_OAUTH_SCOPE = 'tracking_api:write';

/** OAuth 2.0 for the tracking API: the client signs an RS256 assertion and sends bearer tokens. */
export interface SegmentOAuthOptions {
  /** The OAuth app's client id (Segment: Access Management > OAuth apps). */
  clientId: string;
  /** The id Segment gave the uploaded public key; sent as the assertion's `kid`. */
  keyId: string;
  /** The RSA private key: a PKCS#8 PEM string or a `KeyObject`. Never logged or reported. */
  privateKey: string | KeyObject;
  /** Authorization server origin. Default: the region's (`https://oauth2.segment.io`, EU `https://oauth2.eu1.segmentapis.com`). */
  authServer?: string;
  /** Scope requested. Default `tracking_api:write`. */
  scope?: string;
}

/** OAuth settings checked and completed; `authServer` is the assertion's `aud`. */
export interface ResolvedOAuthOptions {
  readonly clientId: string;
  readonly keyId: string;
  readonly privateKey: KeyObject;
  /** Origin (and optional base path) without a trailing slash. */
  readonly authServer: string;
  readonly tokenEndpoint: URL;
  readonly scope: string;
}

/** Everything but the URL, whose https/loopback rule lives with the host's in resolveOptions. */
export type OAuthCredentials = Omit<ResolvedOAuthOptions, 'authServer' | 'tokenEndpoint'> & { authServer: string | undefined };

export function readOAuthCredentials(oauth: unknown): OAuthCredentials {
  if (oauth === null || typeof oauth !== 'object' || Array.isArray(oauth)) {
    throw new SegmentConfigError(
      'oauth',
      `oauth must be an object { clientId, keyId, privateKey }; got ${oauth === null ? 'null' : Array.isArray(oauth) ? 'an array' : typeof oauth}.`,
    );
  }
  const given = oauth as Record<string, unknown>;
  const clientId = text(given, 'clientId', 'the OAuth app client id');
  const keyId = text(given, 'keyId', 'the id Segment shows for the uploaded public key');
  const privateKey = readPrivateKey(given.privateKey);
  const scope = given.scope === undefined ? DEFAULT_OAUTH_SCOPE : text(given, 'scope', `a space-separated scope list, default ${DEFAULT_OAUTH_SCOPE}`);
  const authServer = given.authServer;
  if (authServer !== undefined && (typeof authServer !== 'string' || authServer.trim() === '')) {
    throw new SegmentConfigError(
      'oauth.authServer',
      `oauth.authServer must be a URL such as https://oauth2.segment.io; got ${typeof authServer === 'string' ? 'an empty string' : typeof authServer}.`,
    );
  }
  return { clientId, keyId, privateKey, scope, authServer: authServer?.trim() };
}

function text(given: Record<string, unknown>, name: string, what: string): string {
  const value = given[name];
  if (typeof value !== 'string' || value.trim() === '') {
    throw new SegmentConfigError(
      `oauth.${name}`,
      `oauth.${name} must be a non-empty string (${what}); got ${value === undefined ? 'nothing' : typeof value === 'string' ? 'an empty string' : typeof value}.`,
    );
  }
  return value.trim();
}
