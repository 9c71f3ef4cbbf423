/**
 * One Nest variant app (nest-variant-app.ts) in a process of its own, initialised but not
 * listening: requests are injected in-process (Fastify's inject(); light-my-request on the
 * Express app), so no socket and no load generator share the measured CPU. Its analytics still
 * go over real HTTP to the sink. Started by nest-inprocess.ts with a JSON InProcessAppConfig as
 * argv[2].
 * IPC out: { type: 'ready' }; in: { type: 'window', requests } -> out: { type: 'window', ... }
 * (a WindowResult); in: { type: 'close' } -> out: { type: 'closed' }.
 */
import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import inject from 'light-my-request';
import { buildVariantApp, drainAnalytics, type VariantAppConfig } from './nest-variant-app.js';
import { nowNs, type Message } from './proc.js';

export interface InProcessAppConfig extends VariantAppConfig {
  /** Requests in flight at once, as the HTTP harness's connections. */
  concurrency: number;
}

export interface WindowResult {
  /** This process's CPU (user + system, all threads) over the window, µs. */
  cpuUs: number;
  /** Of it, the final flush's: the work the library had deferred past the last answer. */
  flushCpuUs: number;
  /** The window's wall time, ms; flushMs of it was the final flush. */
  wallMs: number;
  flushMs: number;
  /**
   * CPU over wall time while the requests ran (before the flush): near 1 when this process had
   * its CPU to itself, lower when other work on the machine took turns on it.
   */
  requestCpuShare: number;
  requests: number;
  /** Answers 200 with the order's JSON. */
  ok: number;
}

/** The request of the HTTP harness's load (nest-runs.ts): the same path and headers. */
const REQUEST = {
  method: 'GET',
  url: '/orders/1042',
  headers: { 'x-user-id': 'user_42', 'user-agent': 'bench/1.0', 'accept-language': 'en-GB,en;q=0.8' },
} as const;
const EXPECTED_BODY = '"id":"1042"';

type Injector = () => Promise<{ statusCode: number; body: string }>;

async function injector(app: INestApplication, adapter: VariantAppConfig['adapter']): Promise<Injector> {
  await app.init();
  if (adapter === 'fastify') {
    // Nest types the adapter's instance as any; the adapter chosen above decides what it is.
    const fastify = app.getHttpAdapter().getInstance() as FastifyInstance;
    await fastify.ready();
    return () => fastify.inject(REQUEST);
  }
  const express = app.getHttpAdapter().getInstance() as inject.DispatchFunc;
  return () => inject(express, REQUEST);
}

/**
 * `requests` injected requests, `concurrency` at a time, then each library's queue drained to
 * the sink: all the CPU the window's events cost this process is inside the window.
 */
async function measureWindow(app: INestApplication, config: InProcessAppConfig, send: Injector, requests: number): Promise<WindowResult> {
  let started = 0;
  let ok = 0;
  const lane = async (): Promise<void> => {
    while (started < requests) {
      started++;
      // An injected answer resolves in microtasks, so without this the lanes would never let the
      // event loop turn: no timer, no socket write of a batch, no sink reply until the last answer.
      // A server gets its requests from the poll phase; here each request starts in the check phase.
      await new Promise((resolve) => setImmediate(resolve));
      const response = await send();
      if (response.statusCode === 200 && response.body.includes(EXPECTED_BODY)) ok++;
    }
  };
  const before = process.cpuUsage();
  const start = nowNs();
  await Promise.all(Array.from({ length: Math.min(config.concurrency, requests) }, lane));
  const flushStart = nowNs();
  const requestCpu = process.cpuUsage(before);
  await drainAnalytics(app, config.variant);
  const end = nowNs();
  const used = process.cpuUsage(before);
  return {
    cpuUs: used.user + used.system,
    flushCpuUs: used.user + used.system - (requestCpu.user + requestCpu.system),
    wallMs: (end - start) / 1e6,
    flushMs: (end - flushStart) / 1e6,
    requestCpuShare: (requestCpu.user + requestCpu.system) / ((flushStart - start) / 1e3),
    requests,
    ok,
  };
}

async function main(): Promise<void> {
  const config = JSON.parse(process.argv[2] ?? '{}') as InProcessAppConfig;
  const app = await buildVariantApp(config);
  const send = await injector(app, config.adapter);
  process.send!({ type: 'ready' });
  // One window at a time: the coordinator waits for each answer before the next command.
  process.on('message', (message: Message) => {
    if (message.type === 'window') {
      measureWindow(app, config, send, Number(message.requests)).then(
        (result) => process.send!({ type: 'window', ...result }),
        (error: unknown) => process.send!({ type: 'error', error: String((error as Error)?.stack ?? error) }),
      );
      return;
    }
    if (message.type === 'close') void app.close().then(() => process.send!({ type: 'closed' }, () => process.exit(0)));
  });
}

// The coordinator going away (or disconnecting) ends this process: it never outlives a bench.
process.on('disconnect', () => process.exit(0));

main().catch((error: unknown) => {
  console.error(error);
  process.send?.({ type: 'error', error: String((error as Error)?.stack ?? error) }, () => process.exit(1));
});
