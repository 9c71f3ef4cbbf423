/**
 * Decides whether a request may write. Replaces the write-key check entirely, so it can demand
 * anything: `(auth) => auth === 'Bearer ' + token` for OAuth tests.
 *
 * @param authorizationHeader the `Authorization` header as sent.
 * @param bodyWriteKey the body's `writeKey`, when it is a string.
 */
export type AuthorizeRequest = (authorizationHeader: string | undefined, bodyWriteKey: string | undefined) => boolean;

/** Options of `new SegmentCollector(...)`. */
export interface SegmentCollectorOptions {
  /** Port on 127.0.0.1. Default 0: the system picks a free one (read it from `url`). */
  port?: number;
  /** Write keys accepted. Default: any non-empty key. Ignored when `authorize` is given. */
  writeKeys?: readonly string[];
  /** Answer 400 to messages that break the Segment Spec, instead of accepting them. Default false. */
  strict?: boolean;
  /** Custom authentication; see {@link AuthorizeRequest}. */
  authorize?: AuthorizeRequest;
}
