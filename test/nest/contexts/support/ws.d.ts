// ws 8 ships no types (and @types/ws is not installed); this declares the part the gateway tests use.
declare module 'ws' {
  import { EventEmitter } from 'node:events';

  export class WebSocket extends EventEmitter {
    constructor(url: string, options?: { headers?: Record<string, string> });
    send(data: string): void;
    close(): void;
  }
}
