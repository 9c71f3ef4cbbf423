/** Why the collector refused a request; sent as `code` so tests can tell limits apart. */
export type RefusalCode =
  | 'not_found'
  | 'method_not_allowed'
  | 'unauthorized'
  | 'unsupported_encoding'
  | 'invalid_gzip'
  | 'body_too_large'
  | 'invalid_json'
  | 'invalid_body'
  | 'batch_too_large'
  | 'message_too_large'
  | 'invalid_message'
  | 'planned_failure'
  | 'internal_error';

/** An HTTP answer before it is written: the handler decides it, faults may replace or hold it. */
export interface CollectorAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8' } as const;

export const ACCEPTED: CollectorAnswer = {
  status: 200,
  headers: JSON_HEADERS,
  body: JSON.stringify({ success: true }),
};

/** Segment's error shape (`success: false` + `message`), plus a stable `code`. */
export function refusal(status: number, code: RefusalCode, message: string): CollectorAnswer {
  return { status, headers: JSON_HEADERS, body: JSON.stringify({ success: false, code, message }) };
}
