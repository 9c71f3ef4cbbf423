import { request, type Dispatcher } from 'undici';

export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /**
   * At most RESPONSE_BODY_LIMIT characters, bounded for memory. The client redacts before it
   * cuts to what it reports, so a secret is never split across the cut it shows.
   */
  body: string;
}

const RESPONSE_BODY_LIMIT = 64 * 1024;

/**
 * POSTs one body and reads the whole answer, so the keep-alive socket goes back to the pool.
 * The body is a Buffer, written as it is: undici would copy a string into one first.
 */
export async function post(dispatcher: Dispatcher, url: URL, headers: Record<string, string>, body: Buffer, signal: AbortSignal): Promise<HttpResponse> {
  const response = await request(url, { method: 'POST', headers, body, dispatcher, signal });
  const text = await response.body.text();
  return {
    status: response.statusCode,
    headers: response.headers,
    body: text.length > RESPONSE_BODY_LIMIT ? text.slice(0, RESPONSE_BODY_LIMIT) : text,
  };
}
