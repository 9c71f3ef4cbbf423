/**
 * The contenders behind one small interface, so the worker runs the same loop for each:
 * this package's SegmentClient, @segment/analytics-node, and the loopback limit (no client:
 * prebuilt 100-message JSON batches posted over a keep-alive undici Pool).
 */
import { randomUUID } from 'node:crypto';
import { WRITE_KEY, type TrackCall } from './workload.js';

export type LibraryName = 'nestjs-segment' | 'analytics-node' | 'limit';

export interface Contender {
  /** One call on the caller's thread. */
  track(call: TrackCall): void;
  /** Sends what is left and resolves when the library says it is done (close / closeAndFlush). */
  finish(): Promise<void>;
  /** The library's own account of what happened (errors, drops). */
  accounting(): Record<string, number>;
}

/** Whatever the library should send beyond its defaults; the writeKey and host are added here. */
export type LibrarySettings = Record<string, number | boolean | string>;

const FINISH_TIMEOUT_MS = 600_000;

export async function createContender(library: LibraryName, sinkUrl: string, settings: LibrarySettings): Promise<Contender> {
  switch (library) {
    case 'nestjs-segment':
      return ourClient(sinkUrl, settings);
    case 'analytics-node':
      return analyticsNode(sinkUrl, settings);
    case 'limit':
      return loopbackLimit(sinkUrl, settings);
  }
}

async function ourClient(sinkUrl: string, settings: LibrarySettings): Promise<Contender> {
  // The framework-free client (lib/core), as analytics-node is loaded without a framework: the
  // RSS compared is the client's own. The package root also loads the Nest layer (see BENCHMARKS.md).
  const { SegmentClient } = await import('../lib/core/index.js');
  let errors = 0;
  const client = new SegmentClient({ writeKey: WRITE_KEY, host: sinkUrl, ...settings, onError: () => void errors++ });
  return {
    track: (call) => void client.track(call),
    finish: async () => {
      await client.close({ timeoutMs: FINISH_TIMEOUT_MS });
    },
    accounting: () => {
      // Counts only: a durable client's stats also carry an object (stats().durable).
      const { durable: _durable, ...counts } = client.stats();
      return { ...counts, onErrorCalls: errors };
    },
  };
}

async function analyticsNode(sinkUrl: string, settings: LibrarySettings): Promise<Contender> {
  const { Analytics } = await import('@segment/analytics-node');
  let errors = 0;
  const analytics = new Analytics({ writeKey: WRITE_KEY, host: sinkUrl, ...settings });
  analytics.on('error', () => void errors++);
  return {
    track: (call) => analytics.track(call),
    finish: () => analytics.closeAndFlush({ timeout: FINISH_TIMEOUT_MS }),
    accounting: () => ({ errorEvents: errors }),
  };
}

const LIBRARY = { name: 'bench-limit', version: '0.0.0' };

/**
 * No client at all: messages built and serialized like a client would (type, messageId,
 * timestamp, context.library), joined into 100-message batches, then posted with
 * `connections` requests in flight. Building and serializing are inside the timed window.
 */
async function loopbackLimit(sinkUrl: string, settings: LibrarySettings): Promise<Contender> {
  const { Pool } = await import('undici');
  const batchSize = Number(settings.batchSize ?? 100);
  const connections = Number(settings.connections ?? 4);
  const pool = new Pool(sinkUrl, { connections, pipelining: 1, keepAliveTimeout: 30_000 });
  const headers = {
    'content-type': 'application/json',
    authorization: `Basic ${Buffer.from(`${WRITE_KEY}:`).toString('base64')}`,
  };
  const batches: string[] = [];
  let pending: string[] = [];
  let failed = 0;
  const close = (): void => {
    if (pending.length === 0) return;
    batches.push(`{"batch":[${pending.join(',')}],"sentAt":"${new Date().toISOString()}","writeKey":"${WRITE_KEY}"}`);
    pending = [];
  };
  return {
    track: (call) => {
      pending.push(
        JSON.stringify({ type: 'track', messageId: randomUUID(), timestamp: new Date().toISOString(), context: { library: LIBRARY }, ...call }),
      );
      if (pending.length === batchSize) close();
    },
    finish: async () => {
      close();
      let next = 0;
      const lane = async (): Promise<void> => {
        while (next < batches.length) {
          const body = batches[next]!;
          batches[next++] = '';
          const response = await pool.request({ path: '/v1/batch', method: 'POST', headers, body });
          await response.body.text();
          if (response.statusCode !== 200) failed++;
        }
      };
      await Promise.all(Array.from({ length: connections }, lane));
      await pool.close();
    },
    accounting: () => ({ failedRequests: failed }),
  };
}
