import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { Agent, request } from 'undici';
import { SegmentCollector, type SegmentCollectorOptions } from '../../lib/testing/index.js';

/** What the tests send: a message as a Segment library would put it on the wire. */
export function wireMessage(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'track',
    event: 'Order Completed',
    userId: 'user-1',
    messageId: randomUUID(),
    timestamp: new Date().toISOString(),
    context: { library: { name: 'collector-spec', version: '0.0.0' } },
    properties: { total: 42 },
    ...overrides,
  };
}

export function basic(writeKey: string): string {
  return `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}`;
}

export interface PostOptions {
  dispatcher: Agent;
  /** Sent as a Basic header; null sends no Authorization header. Default 'test-key'. */
  writeKey?: string | null;
  headers?: Record<string, string>;
  gzip?: boolean;
  method?: 'POST' | 'GET';
  headersTimeout?: number;
}

export interface PostResult {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  json: { success: boolean; message?: string; code?: string };
}

/** One request over real HTTP, its body consumed so the keep-alive connection is reusable. */
export async function post(url: string, path: string, body: unknown, options: PostOptions): Promise<PostResult> {
  const writeKey = options.writeKey === undefined ? 'test-key' : options.writeKey;
  let payload: Buffer = Buffer.isBuffer(body)
    ? body
    : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
  const headers: Record<string, string> = { 'content-type': 'application/json', ...options.headers };
  if (writeKey !== null) headers.authorization = basic(writeKey);
  if (options.gzip) {
    payload = gzipSync(payload);
    headers['content-encoding'] = 'gzip';
  }
  const response = await request(`${url}${path}`, {
    method: options.method ?? 'POST',
    headers,
    body: options.method === 'GET' ? undefined : payload,
    dispatcher: options.dispatcher,
    headersTimeout: options.headersTimeout,
  });
  const text = await response.body.text();
  return { status: response.statusCode, headers: response.headers, json: text ? JSON.parse(text) : {} };
}

export function batchOf(messages: readonly unknown[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { batch: messages, sentAt: new Date().toISOString(), ...extra };
}

/** A started collector and an HTTP agent for one test. */
export interface CollectorUnderTest {
  collector: SegmentCollector;
  agent: Agent;
  url: string;
}

/**
 * Starts a collector and an agent before each test of the calling `describe` and stops them
 * after it; `use` receives each test's set (the specs keep them in their own variables).
 */
export function collectorPerTest(options: SegmentCollectorOptions, use: (started: CollectorUnderTest) => void): void {
  let started: CollectorUnderTest | undefined;
  beforeEach(async () => {
    const collector = new SegmentCollector(options);
    started = { collector, url: await collector.start(), agent: new Agent() };
    use(started);
  });
  afterEach(async () => {
    await started?.collector.stop();
    await started?.agent.close();
    started = undefined;
  });
}
