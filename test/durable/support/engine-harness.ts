import { randomUUID } from 'node:crypto';
import type { QueuedMessage } from '../../../lib/core/message-queue.js';
import { DurableDelivery, type DurableHost } from '../../../lib/durable/durable-delivery.js';
import type { SegmentDurableOptions } from '../../../lib/durable/durable-options.js';
import { durableSettings } from './durable-settings.js';
import type { DeliveryVerdict } from '../../../lib/durable/redis-engine.js';

export const WRITE_KEY = 'durable-engine-key';

let seq = 0;

/** A message as the client queues it (valid Segment JSON with its own messageId). */
export function queuedMessage(event = 'Durable Test'): QueuedMessage {
  const messageId = randomUUID();
  const json = JSON.stringify({ type: 'track', event, userId: 'u-1', messageId, timestamp: new Date().toISOString(), context: { library: { name: 'nestjs-segment', version: '0' } } });
  return { type: 'track', messageId, utf8: Buffer.from(json), seq: ++seq };
}

/**
 * A host whose deliver posts the stored batch to the collector and retries until a 2xx (or until
 * the engine releases it), and which records everything the engine tells it.
 */
export class EngineHarness implements DurableHost {
  readonly fellBack: QueuedMessage[] = [];
  readonly storedMessages: QueuedMessage[] = [];
  readonly full: QueuedMessage[] = [];
  readonly lostMessages: QueuedMessage[] = [];
  /** Messages whose deliver call ended with a 2xx. */
  settled = 0;
  readonly reports: string[] = [];
  readonly lines: string[] = [];
  readonly logger = {
    log: (line: string) => this.lines.push(line),
    warn: (line: string) => this.lines.push(line),
    error: (line: string) => this.lines.push(line),
    debug: (line: string) => this.lines.push(line),
  };
  readonly delivery: DurableDelivery;
  private readonly watchers = new Set<() => void>();

  constructor(
    private readonly collectorUrl: string,
    durable: SegmentDurableOptions,
    options: { batchSize?: number; concurrency?: number } = {},
  ) {
    this.delivery = new DurableDelivery(durableSettings(durable, WRITE_KEY), this, {
      batchSize: options.batchSize ?? 100,
      batchBytes: 480_000,
      concurrency: options.concurrency ?? 4,
      debug: (line) => this.lines.push(line),
    });
  }

  /** Takes a message as the client does: into Redis while it is reachable, else into "memory". */
  take(message: QueuedMessage): void {
    if (this.delivery.accepting) this.delivery.accept(message);
    else this.fellBack.push(message);
  }

  /** Resolves when `condition()` holds, re-checked each time the engine reports something. */
  until(condition: () => boolean): Promise<void> {
    if (condition()) return Promise.resolve();
    return new Promise((resolve) => {
      const check = (): void => {
        if (!condition()) return;
        this.watchers.delete(check);
        resolve();
      };
      this.watchers.add(check);
    });
  }

  async deliver(messages: QueuedMessage[], signal: AbortSignal): Promise<DeliveryVerdict> {
    while (!signal.aborted) {
      const body = `{"batch":[${messages.map((message) => message.utf8.toString()).join(',')}],"sentAt":"${new Date().toISOString()}","writeKey":"${WRITE_KEY}"}`;
      try {
        const response = await fetch(`${this.collectorUrl}/v1/batch`, { method: 'POST', headers: { 'content-type': 'application/json' }, body, signal });
        await response.arrayBuffer();
        if (response.ok) {
          this.settled += messages.length;
          this.notify();
          return 'settled';
        }
      } catch {
        // Aborted or unreachable: the loop decides.
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    return 'released';
  }

  fallBack(messages: QueuedMessage[]): void {
    this.fellBack.push(...messages);
    this.notify();
  }

  stored(messages: readonly QueuedMessage[]): void {
    this.storedMessages.push(...messages);
    this.notify();
  }

  backlogFull(message: QueuedMessage): void {
    this.full.push(message);
    this.notify();
  }

  lost(messages: QueuedMessage[], why: string): void {
    this.lostMessages.push(...messages);
    this.reports.push(`lost: ${why}`);
    this.notify();
  }

  unavailable(error: string): void {
    this.reports.push(`unavailable: ${error}`);
    this.notify();
  }

  available(afterOutage: boolean): void {
    if (afterOutage) this.reports.push('resumed');
    this.notify();
  }

  notify(): void {
    for (const check of [...this.watchers]) check();
  }
}
