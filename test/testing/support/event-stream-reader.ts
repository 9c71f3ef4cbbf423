import { get, type IncomingMessage } from 'node:http';

/** One server-sent event as received. */
export interface StreamFrame {
  readonly event: string;
  readonly data: any;
}

/**
 * Reads the debugger's event stream over a plain HTTP connection, so a test can see the raw
 * bytes, stop reading (a slow tab) and wait for a frame without sleeping.
 */
export class EventStreamReader {
  readonly frames: StreamFrame[] = [];
  raw = '';
  private pending = '';
  private waiters: Array<{ test: () => boolean; resolve: () => void }> = [];

  private constructor(private readonly response: IncomingMessage) {
    response.setEncoding('utf8');
    response.on('data', (chunk: string) => this.receive(chunk));
  }

  static open(url: string): Promise<EventStreamReader> {
    return new Promise((resolve, reject) => {
      get(`${url}/debugger/events`, (response) => {
        if (response.statusCode !== 200) reject(new Error(`event stream answered ${response.statusCode}`));
        else resolve(new EventStreamReader(response));
      }).on('error', reject);
    });
  }

  /** Resolves once `test(frames)` holds, checked as each chunk arrives. */
  until(test: (frames: readonly StreamFrame[]) => boolean): Promise<void> {
    if (test(this.frames)) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ test: () => test(this.frames), resolve }));
  }

  /** Stops reading: the server sees a tab that fell behind. */
  pause(): void {
    this.response.pause();
  }

  resume(): void {
    this.response.resume();
  }

  close(): void {
    this.response.destroy();
  }

  ofEvent(event: string): any[] {
    return this.frames.filter((frame) => frame.event === event).map((frame) => frame.data);
  }

  private receive(chunk: string): void {
    this.raw += chunk;
    this.pending += chunk;
    let end: number;
    while ((end = this.pending.indexOf('\n\n')) !== -1) {
      const block = this.pending.slice(0, end);
      this.pending = this.pending.slice(end + 2);
      const lines = block.split('\n');
      const event = lines.find((line) => line.startsWith('event: '))?.slice('event: '.length) ?? 'message';
      const data = lines.filter((line) => line.startsWith('data: ')).map((line) => line.slice('data: '.length)).join('\n');
      this.frames.push({ event, data: JSON.parse(data) });
    }
    this.waiters = this.waiters.filter((waiter) => {
      if (!waiter.test()) return true;
      waiter.resolve();
      return false;
    });
  }
}
