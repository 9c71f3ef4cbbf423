import type { KeyObject } from 'node:crypto';

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
