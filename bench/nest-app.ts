/**
 * A small Nest app serving GET /orders/:id (a JSON order), in a process of its own. Started
 * by the runner with a JSON NestAppConfig as argv[2]; the variants are in NEST_VARIANTS.
 * IPC out: { type: 'ready', port }; in: { type: 'mark' } -> out: { type: 'mark', cpuUs } (this
 * process's CPU clock); in: { type: 'close' } -> out: { type: 'closed', closeMs, ... }.
 * shutdown mode: enqueues `queue` track() calls through SegmentService, then app.close().
 */
import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { buildVariantApp, type VariantAppConfig } from './nest-variant-app.js';
import { nowNs, type Message } from './proc.js';
import { trackCall } from './workload.js';

export interface NestAppConfig extends VariantAppConfig {
  /** shutdown mode: this many track() calls queued before app.close(). */
  queue?: number;
  /** Write a V8 CPU profile of the measured window (from the first mark to the second) here. */
  profileFile?: string;
}

async function createApp(config: NestAppConfig): Promise<INestApplication> {
  const app = await buildVariantApp(config);
  await app.listen(0, '127.0.0.1');
  return app;
}

/**
 * Profiles the measured window only (boot and warm-up left out), so that a profile's self time
 * divided by the window's requests is a cost per request. The first mark starts, the second stops.
 */
async function windowProfiler(file: string): Promise<{ mark(): Promise<void> }> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 250 });
  let started = false;
  return {
    async mark() {
      if (!started) {
        started = true;
        await session.post('Profiler.start');
        return;
      }
      const { profile } = await session.post('Profiler.stop');
      writeFileSync(file, JSON.stringify(profile));
      session.disconnect();
    },
  };
}

async function main(): Promise<void> {
  const config = JSON.parse(process.argv[2] ?? '{}') as NestAppConfig;
  const app = await createApp(config);
  if (config.queue !== undefined) {
    const { SegmentService } = await import('../lib/index.js');
    const segment = app.get(SegmentService);
    for (let i = 0; i < config.queue; i++) segment.track(trackCall(i));
    const { queued, inFlight } = segment.client.stats();
    const start = nowNs();
    await app.close();
    const stats = segment.client.stats();
    process.send!({ type: 'closed', closeMs: (nowNs() - start) / 1e6, queuedAtClose: queued + inFlight, ...stats }, () => process.exit(0));
    return;
  }
  const address = (app.getHttpServer() as { address(): { port: number } }).address();
  process.send!({ type: 'ready', port: address.port });
  const profiler = config.profileFile === undefined ? undefined : await windowProfiler(config.profileFile);
  process.on('message', (message: Message) => {
    if (message.type === 'mark') {
      const usage = process.cpuUsage();
      const cpuUs = usage.user + usage.system;
      void (profiler?.mark() ?? Promise.resolve()).then(() => process.send!({ type: 'mark', cpuUs }));
      return;
    }
    if (message.type !== 'close') return;
    const start = nowNs();
    void app.close().then(() => process.send!({ type: 'closed', closeMs: (nowNs() - start) / 1e6 }, () => process.exit(0)));
  });
}

// The runner going away (or disconnecting) ends this process: it never outlives a bench.
process.on('disconnect', () => process.exit(0));

main().catch((error: unknown) => {
  console.error(error);
  process.send?.({ type: 'error', error: String((error as Error)?.stack ?? error) }, () => process.exit(1));
});
