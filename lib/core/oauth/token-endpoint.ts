import { request, type Dispatcher } from 'undici';
import type { Redactor } from '../redactor.js';
import { parseRetryAfter } from '../retry-policy.js';
import { LIBRARY_NAME, LIBRARY_VERSION } from '../version.js';

export const CLIENT_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/** A token answer is a few KB at most; anything past this is cut, so a broken server cannot fill memory. */
const BODY_LIMIT = 64 * 1024;
/** How much of an error answer is kept for messages. */
const ERROR_TEXT_LIMIT = 500;

/** What the token endpoint's answer means for the client. */
export type TokenAnswer =
  | { readonly kind: 'token'; readonly accessToken: string; readonly expiresInSeconds: number }
  /** 4xx other than 408/429: the credentials or the request are wrong; asking again will not help. */
  | { readonly kind: 'refused'; readonly status: number; readonly text: string; readonly body: string }
  /** 408, 429, 5xx, or a 2xx without a usable token: worth asking again later. */
  | { readonly kind: 'unavailable'; readonly status: number; readonly text: string; readonly retryAfterMs: number | undefined };

export interface TokenExchange {
  readonly answer: TokenAnswer;
  readonly dateHeader: string | string[] | undefined;
  readonly sentAt: number;
  readonly receivedAt: number;
}

export interface TokenRequest {
  readonly endpoint: URL;
  readonly assertion: string;
  readonly scope: string;
}

/** The form body, URL-encoded as RFC 6749 §4.4 and RFC 7523 §2.2 ask. */
export function tokenRequestBody({ assertion, scope }: TokenRequest): string {
  return new URLSearchParams({
    grant_type: 'client_credentials',
    client_assertion_type: CLIENT_ASSERTION_TYPE,
    client_assertion: assertion,
    scope,
  }).toString();
}

/** POSTs the assertion and classifies the answer; texts taken from the answer are redacted. */
export async function exchangeAssertion(dispatcher: Dispatcher, tokenRequest: TokenRequest, redactor: Redactor, signal: AbortSignal): Promise<TokenExchange> {
  const sentAt = Date.now();
  const response = await request(tokenRequest.endpoint, {
    method: 'POST',
    dispatcher,
    signal,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
      'user-agent': `${LIBRARY_NAME}/${LIBRARY_VERSION}`,
    },
    body: tokenRequestBody(tokenRequest),
  });
  const receivedAt = Date.now();
  const body = await readBounded(response.body);
  const dateHeader = response.headers.date;
  const serverNow = dateHeader === undefined ? undefined : Date.parse(String(dateHeader));
  const answer = classify(response.statusCode, response.headers, body, redactor, Number.isNaN(serverNow) ? undefined : serverNow);
  return { answer, dateHeader, sentAt, receivedAt };
}

function classify(
  status: number,
  headers: Record<string, string | string[] | undefined>,
  body: string,
  redactor: Redactor,
  serverNow: number | undefined,
): TokenAnswer {
  if (status >= 200 && status < 300) {
    return (
      tokenFrom(body) ?? {
        kind: 'unavailable',
        status,
        text: `HTTP ${status} without a usable access_token, token_type Bearer and expires_in`,
        retryAfterMs: undefined,
      }
    );
  }
  // Redact the whole body before anything is cut: a cut secret would no longer match.
  const redacted = redactor.redact(body);
  const text = errorText(redacted) || '(no body)';
  if (status === 408 || status === 429 || status >= 500) {
    // An HTTP-date Retry-After is read against the server's own Date, so our clock's skew drops out.
    const retryAfterMs = parseRetryAfter(headers['retry-after'], serverNow);
    return { kind: 'unavailable', status, text: `HTTP ${status}: ${text}`, retryAfterMs };
  }
  return { kind: 'refused', status, text, body: redacted.slice(0, ERROR_TEXT_LIMIT) };
}

function tokenFrom(body: string): TokenAnswer | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (parsed === null || typeof parsed !== 'object') return undefined;
  const { access_token: accessToken, token_type: tokenType, expires_in: expiresIn } = parsed as Record<string, unknown>;
  if (typeof accessToken !== 'string' || accessToken.length === 0 || /\s/.test(accessToken)) return undefined;
  if (tokenType !== undefined && (typeof tokenType !== 'string' || tokenType.toLowerCase() !== 'bearer')) return undefined;
  const seconds = typeof expiresIn === 'string' ? Number(expiresIn) : expiresIn;
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds <= 0) return undefined;
  return { kind: 'token', accessToken, expiresInSeconds: seconds };
}

/** `error: error_description` of an RFC 6749 §5.2 answer, else the body's text, shortened. */
function errorText(body: string): string {
  try {
    const parsed = JSON.parse(body) as Record<string, unknown>;
    const error = typeof parsed.error === 'string' ? parsed.error : undefined;
    const description =
      typeof parsed.error_description === 'string' ? parsed.error_description : typeof parsed.message === 'string' ? parsed.message : undefined;
    if (error !== undefined || description !== undefined) return [error, description].filter(Boolean).join(': ').slice(0, ERROR_TEXT_LIMIT);
  } catch {
    // not JSON: the raw text below
  }
  const trimmed = body.trim();
  return trimmed.length > ERROR_TEXT_LIMIT ? trimmed.slice(0, ERROR_TEXT_LIMIT) + '…' : trimmed;
}

async function readBounded(stream: AsyncIterable<Buffer> & { destroy(): unknown }): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    chunks.push(chunk);
    size += chunk.length;
    if (size >= BODY_LIMIT) {
      stream.destroy();
      break;
    }
  }
  return Buffer.concat(chunks).toString('utf8').slice(0, BODY_LIMIT);
}
