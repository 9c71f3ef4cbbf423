// README "OAuth 2.0, step by step", step 4: the client block, verbatim. It reads the key from
// /run/secrets/segment-private.pem; oauth.readme.spec.ts imports it once that path leads to the
// private.pem the README's openssl commands generated, and the SEGMENT_* variables are set.
import { readFileSync } from 'node:fs';
import { SegmentClient } from 'nestjs-segment';

const segment = new SegmentClient({
  writeKey: process.env.SEGMENT_WRITE_KEY!,
  oauth: {
    clientId: process.env.SEGMENT_OAUTH_CLIENT_ID!,
    keyId: process.env.SEGMENT_OAUTH_KEY_ID!,
    privateKey: readFileSync('/run/secrets/segment-private.pem', 'utf8'),
  },
});

export { segment };
