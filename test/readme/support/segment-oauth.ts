import { SegmentCollector } from 'nestjs-segment/testing';
import { OAuthTokenServer, type TokenServerOptions } from '../../support/oauth-token-server.js';

/**
 * The test token server (RS256 assertion checks like Segment's), standing in for one of
 * Segment's own auth servers: a client configured with the default `authServer` signs its
 * assertions for `https://oauth2.segment.io` (the `aud` claim), so that is the audience this
 * server demands, while it listens on 127.0.0.1 (reached through support/segment-hosts.ts).
 */
export class SegmentTokenEndpoint extends OAuthTokenServer {
  constructor(
    options: TokenServerOptions,
    private readonly publicOrigin: string,
  ) {
    super(options);
  }

  /** The audience assertions must name: the public auth server this one stands in for. */
  override get url(): string {
    return this.publicOrigin;
  }
}

/**
 * A collector that accepts a batch only with `Authorization: Bearer <token>` for a token the
 * endpoint issued and still holds valid, and `writeKey` in the body: OAuth enforced on the source.
 */
export function oauthCollector(tokens: OAuthTokenServer, writeKey: string): SegmentCollector {
  return new SegmentCollector({
    authorize: (authorization, bodyWriteKey) =>
      authorization !== undefined &&
      authorization.startsWith('Bearer ') &&
      tokens.isValid(authorization.slice('Bearer '.length)) &&
      bodyWriteKey === writeKey,
  });
}
