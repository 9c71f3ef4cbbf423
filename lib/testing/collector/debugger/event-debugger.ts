import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CollectorAnswer } from '../collector-answer.js';
import type { RecordedRequest } from '../recorded-request.js';
import { addToTotals, debuggerBatch, emptyTotals, type DebuggerBatch } from './debugger-batch.js';
import { DEBUGGER_PAGE } from './debugger-page.js';
import { DEBUGGER_SCRIPT } from './debugger-script.js';
import { DEBUGGER_STYLE } from './debugger-style.js';
import { EventStream, frame, jsonFrame, type Frame } from './event-stream.js';
import type { CheckedMessage } from './observed-request.js';
import { RECENT_MESSAGES, RecentBatches } from './recent-batches.js';
import { SecretScrubber } from './secret-scrubber.js';

/** The page may load nothing but itself: no CDN, no other origin, no inline code. */
const PAGE_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; " +
  "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const ASSETS: ReadonlyMap<string, { readonly type: string; readonly body: string }> = new Map([
  ['/', { type: 'text/html', body: DEBUGGER_PAGE }],
  ['/debugger/app.js', { type: 'text/javascript', body: DEBUGGER_SCRIPT }],
  ['/debugger/app.css', { type: 'text/css', body: DEBUGGER_STYLE }],
]);

const EVENTS_PATH = '/debugger/events';

/**
 * The live event debugger: the page at the collector's root URL, and the stream of what the
 * collector receives. Keeps the most recent messages for pages opened later, counts everything,
 * and never lets a page slow the collector's answers.
 */
export class EventDebugger {
  private readonly instance = randomBytes(6).toString('hex');
  private readonly recent = new RecentBatches();
  private readonly stream = new EventStream();
  private readonly scrubber = new SecretScrubber();
  private totals = emptyTotals();
  private seq = 0;

  /** Answers the page, its assets and its stream; false for any other request. */
  serve(request: IncomingMessage, response: ServerResponse): boolean {
    if (request.method !== 'GET' && request.method !== 'HEAD') return false;
    const pathname = (request.url ?? '').split('?')[0];
    const asset = ASSETS.get(pathname);
    if (asset === undefined && pathname !== EVENTS_PATH && pathname !== '/favicon.ico') return false;
    if (!isLoopbackHost(request)) {
      // A page on another site that rebinds its name to 127.0.0.1 must not read the stream.
      response.writeHead(403, { 'content-type': 'text/plain; charset=utf-8' });
      response.end('The event debugger answers only to http://127.0.0.1:PORT or http://localhost:PORT.\n');
      return true;
    }
    if (pathname === EVENTS_PATH && request.method === 'GET') {
      this.stream.open(response, (send) => this.greet(send));
    } else if (pathname === EVENTS_PATH) {
      response.writeHead(405, { allow: 'GET' });
      response.end();
    } else if (asset === undefined) {
      response.writeHead(204, { 'cache-control': 'max-age=86400' });
      response.end();
    } else {
      response.writeHead(200, {
        'content-type': `${asset.type}; charset=utf-8`,
        'content-length': Buffer.byteLength(asset.body),
        'cache-control': 'no-store',
        'content-security-policy': PAGE_POLICY,
        'referrer-policy': 'no-referrer',
        'x-content-type-options': 'nosniff',
      });
      response.end(request.method === 'HEAD' ? undefined : asset.body);
    }
    return true;
  }

  /** One tracking request, after the collector decided its answer (undefined: the connection was reset). */
  record(request: RecordedRequest, checked: readonly CheckedMessage[], answer: CollectorAnswer | undefined): void {
    this.scrubber.remember(request);
    addToTotals(this.totals, request, checked);
    const batch = debuggerBatch(++this.seq, request, checked, answer, RECENT_MESSAGES);
    this.recent.add(batch);
    if (this.stream.size > 0) this.stream.broadcast(() => this.batchFrame(batch));
  }

  clear(): void {
    this.totals = emptyTotals();
    this.recent.clear();
    if (this.stream.size > 0) this.stream.broadcast(() => frame('reset', { totals: this.totals }));
  }

  close(): void {
    this.stream.closeAll();
  }

  private greet(send: (next: Frame) => void): void {
    send(frame('hello', { instance: this.instance, keep: RECENT_MESSAGES, totals: this.totals }));
    for (const batch of this.recent.list()) send(this.batchFrame(batch));
  }

  private batchFrame(batch: DebuggerBatch): Frame {
    return jsonFrame('batch', this.scrubber.json({ batch, totals: this.totals }));
  }
}

function isLoopbackHost(request: IncomingMessage): boolean {
  const host = (request.headers.host ?? '').toLowerCase();
  const port = request.socket.localPort;
  // Browsers leave out the default port.
  const names = port === 80 ? ['127.0.0.1', 'localhost'] : [`127.0.0.1:${port}`, `localhost:${port}`];
  return names.includes(host);
}
