import type { IncomingMessage } from 'node:http';
import { gunzip } from 'node:zlib';
import { refusal, type CollectorAnswer } from './collector-answer.js';
import { MAX_BODY_BYTES } from './segment-limits.js';

/** Every byte of a request body, as sent. */
export async function readRawBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * Undoes `Content-Encoding` and applies Segment's 500 KB body limit to the result.
 * Gunzip stops one byte past the limit, so a gzip bomb costs no more than the limit.
 */
export async function decodeBody(
  raw: Buffer,
  contentEncoding: string | undefined,
): Promise<{ readonly decoded: Buffer } | { readonly refused: CollectorAnswer }> {
  const encoding = (contentEncoding ?? 'identity').trim().toLowerCase();
  let decoded: Buffer;
  if (encoding === 'identity' || encoding === '') {
    decoded = raw;
  } else if (encoding === 'gzip') {
    try {
      decoded = await gunzipAtMost(raw, MAX_BODY_BYTES + 1);
    } catch (error) {
      if (isTooLarge(error)) return { refused: bodyTooLarge(undefined) };
      return { refused: refusal(400, 'invalid_gzip', 'Content-Encoding is gzip but the body is not valid gzip') };
    }
  } else {
    return {
      refused: refusal(400, 'unsupported_encoding', `Content-Encoding "${encoding}" is not supported (use gzip)`),
    };
  }
  if (decoded.length > MAX_BODY_BYTES) return { refused: bodyTooLarge(decoded.length) };
  return { decoded };
}

function gunzipAtMost(raw: Buffer, maxOutputLength: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    gunzip(raw, { maxOutputLength }, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

function isTooLarge(error: unknown): boolean {
  return error instanceof RangeError || (error as { code?: unknown } | null)?.code === 'ERR_BUFFER_TOO_LARGE';
}

function bodyTooLarge(bytes: number | undefined): CollectorAnswer {
  const size = bytes === undefined ? 'more than that' : `${bytes} bytes`;
  return refusal(400, 'body_too_large', `request body exceeds the 500 KB limit (${MAX_BODY_BYTES} bytes): ${size}`);
}
