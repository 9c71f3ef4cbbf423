import type { AuthorizeRequest } from './collector-options.js';

/** A write key found in the request, or why the Basic header could not carry one. */
export type PresentedKey = { readonly ok: true; readonly writeKey: string | undefined } | { readonly ok: false; readonly problem: string };

/**
 * The write key a request presents: the Basic header's user name first (Segment's documented
 * way), else the body's `writeKey`. A Basic value without the `:` separator is refused, because
 * `base64(writeKey)` instead of `base64(writeKey + ':')` is the classic client bug.
 */
export function presentedWriteKey(authorization: string | undefined, bodyWriteKey: string | undefined): PresentedKey {
  if (authorization === undefined || !/^basic /i.test(authorization)) {
    return { ok: true, writeKey: bodyWriteKey };
  }
  const decoded = Buffer.from(authorization.slice('basic '.length).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon === -1) {
    return { ok: false, problem: "Basic credentials must be base64(writeKey + ':'); the ':' is missing" };
  }
  return { ok: true, writeKey: decoded.slice(0, colon) };
}

/** The collector's check when no custom `authorize` is given. */
export function writeKeyAuthorizer(acceptedKeys: readonly string[] | undefined): AuthorizeRequest {
  const accepted = acceptedKeys === undefined ? undefined : new Set(acceptedKeys);
  return (authorization, bodyWriteKey) => {
    const presented = presentedWriteKey(authorization, bodyWriteKey);
    if (!presented.ok || presented.writeKey === undefined || presented.writeKey === '') return false;
    return accepted === undefined || accepted.has(presented.writeKey);
  };
}
