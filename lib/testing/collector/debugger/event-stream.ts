import type { ServerResponse } from 'node:http';

/**
 * Bytes a tab may leave unread before its frames are dropped. The collector never waits for a
 * page: a tab that cannot keep up loses frames (and is told how many), and holds no more than
 * this much of the collector's memory, plus one frame.
 */
export const MAX_UNREAD_BYTES = 1024 * 1024;

/** Pages watching at once; more are refused rather than slowing the collector. */
export const MAX_WATCHERS = 32;

interface Watcher {
  readonly response: ServerResponse;
  droppedFrames: number;
}

/** A frame ready to write: the event name and its JSON, encoded once for every watcher. */
export type Frame = Buffer;

export function frame(event: string, data: unknown): Frame {
  return jsonFrame(event, JSON.stringify(data));
}

/** A frame whose data is already JSON (JSON has no raw line breaks, so it is one `data:` line). */
export function jsonFrame(event: string, json: string): Frame {
  return Buffer.from(`event: ${event}\ndata: ${json}\n\n`, 'utf8');
}

/** Server-sent events to the open debugger pages. */
export class EventStream {
  private readonly watchers = new Set<Watcher>();

  get size(): number {
    return this.watchers.size;
  }

  /** Answers the request with an event stream; `greet` writes what a new page needs first. */
  open(response: ServerResponse, greet: (send: (frame: Frame) => void) => void): void {
    if (this.watchers.size >= MAX_WATCHERS) {
      response.writeHead(503, { 'content-type': 'text/plain; charset=utf-8', 'retry-after': '5' });
      response.end(`At most ${MAX_WATCHERS} debugger pages can watch at once.\n`);
      return;
    }
    const watcher: Watcher = { response, droppedFrames: 0 };
    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    });
    response.socket?.setNoDelay(true);
    this.watchers.add(watcher);
    response.once('close', () => this.watchers.delete(watcher));
    // A tab that goes away mid-write is just gone; its error must not reach the process.
    response.on('error', () => this.watchers.delete(watcher));
    greet((greeting) => this.send(watcher, greeting));
  }

  /** Sends to every watcher; `build` runs once, and only when some watcher can take the frame. */
  broadcast(build: () => Frame): void {
    let built: Frame | undefined;
    for (const watcher of this.watchers) {
      if (this.congested(watcher)) continue;
      this.send(watcher, (built ??= build()));
    }
  }

  closeAll(): void {
    for (const { response } of this.watchers) response.end();
    this.watchers.clear();
  }

  private send(watcher: Watcher, next: Frame): void {
    const { response } = watcher;
    if (response.destroyed || response.writableEnded || this.congested(watcher)) return;
    this.reportDropped(watcher);
    response.write(next);
  }

  /** True (and the frame counted as dropped) when the page has fallen too far behind to take it. */
  private congested(watcher: Watcher): boolean {
    const { response } = watcher;
    if (response.writableLength <= MAX_UNREAD_BYTES) return false;
    // The page hears how many it missed as soon as it has read what was already sent.
    if (watcher.droppedFrames++ === 0) response.once('drain', () => this.reportDropped(watcher));
    return true;
  }

  private reportDropped(watcher: Watcher): void {
    if (watcher.droppedFrames === 0 || watcher.response.destroyed || watcher.response.writableEnded) return;
    watcher.response.write(frame('dropped', { frames: watcher.droppedFrames }));
    watcher.droppedFrames = 0;
  }
}
