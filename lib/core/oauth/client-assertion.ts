import { randomUUID, type KeyObject } from 'node:crypto';
import { SignJWT } from 'jose';

/** How long a client assertion is good for, counted from its (back-dated) `iat`. */
export const ASSERTION_LIFETIME_SECONDS = 60;
/** `iat` is set this far in the past, so a server a little behind us does not see it in the future. */
export const ISSUED_AT_BACKDATE_SECONDS = 5;

export interface AssertionSigner {
  readonly clientId: string;
  readonly keyId: string;
  readonly privateKey: KeyObject;
  /** The assertion's audience: the auth server's URL as configured. */
  readonly authServer: string;
}

/**
 * An RS256 client-assertion JWT (RFC 7523): header `kid`, `iss` = `sub` = clientId, `aud` =
 * authServer, `iat`, `exp` a minute later, and a fresh `jti` so no assertion can be replayed.
 *
 * @param nowMs the time to stamp, on the auth server's clock (skew already corrected).
 */
export function signClientAssertion(signer: AssertionSigner, nowMs: number): Promise<string> {
  const issuedAt = Math.floor(nowMs / 1000) - ISSUED_AT_BACKDATE_SECONDS;
  return new SignJWT({})
    .setProtectedHeader({ alg: 'RS256', kid: signer.keyId, typ: 'JWT' })
    .setIssuer(signer.clientId)
    .setSubject(signer.clientId)
    .setAudience(signer.authServer)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + ASSERTION_LIFETIME_SECONDS)
    .setJti(randomUUID())
    .sign(signer.privateKey);
}
