/**
 * A small Nest app serving GET /orders/:id (a JSON order), in a process of its own. Started
 * by the runner with a JSON NestAppConfig as argv[2]:
 *   a: no SegmentModule;  b: SegmentModule.forRoot (its request context, opened at the adapter);
 *   c: b plus @Track('Order Viewed') on the handler (one track() per request).
 * IPC out: { type: 'ready', port }; in: { type: 'mark' } -> out: { type: 'mark', cpuUs } (this
 * process's CPU clock); in: { type: 'close' } -> out: { type: 'closed', closeMs, ... }.
 * shutdown mode: enqueues `queue` track() calls through SegmentService, then app.close().
 */
import 'reflect-metadata';
import { Controller, Get, Module, Param, type DynamicModule, type INestApplication, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { nowNs, type Message } from './proc.js';
import { WRITE_KEY, trackCall, type OrderProperties } from './workload.js';

export interface NestAppConfig {
  adapter: 'express' | 'fastify';
  variant: 'a' | 'b' | 'c';
  sinkUrl: string;
  /** shutdown mode: this many track() calls queued before app.close(). */
  queue?: number;
}

interface Order {
  id: string;
  status: string;
  total: number;
  currency: string;
  items: number;
}

function order(id: string): Order {
  return { id, status: 'shipped', total: 59.9, currency: 'EUR', items: 1 };
}

/** The same ~300-byte order properties as the client benchmark. */
function properties(result: Order | undefined): OrderProperties {
  return { ...trackCall(0).properties, orderId: result?.id ?? 'unknown' };
}

async function controllerFor(variant: NestAppConfig['variant']): Promise<Type> {
  if (variant !== 'c') {
    @Controller('orders')
    class OrdersController {
      @Get(':id')
      get(@Param('id') id: string): Order {
        return order(id);
      }
    }
    return OrdersController;
  }
  const { Track } = await import('../lib/index.js');
  @Controller('orders')
  class TrackedOrdersController {
    @Get(':id')
    @Track<Order>('Order Viewed', {
      userId: ({ request }) => String(request?.headers['x-user-id'] ?? 'anonymous'),
      properties: ({ result }) => properties(result),
    })
    get(@Param('id') id: string): Order {
      return order(id);
    }
  }
  return TrackedOrdersController;
}

async function createApp(config: NestAppConfig): Promise<INestApplication> {
  const imports: DynamicModule[] = [];
  if (config.variant !== 'a') {
    const { SegmentModule } = await import('../lib/index.js');
    imports.push(SegmentModule.forRoot({ writeKey: WRITE_KEY, host: config.sinkUrl }));
  }
  const controller = await controllerFor(config.variant);
  @Module({ imports, controllers: [controller] })
  class BenchModule {}
  const adapter = config.adapter === 'express' ? new ExpressAdapter() : new FastifyAdapter();
  const app = await NestFactory.create(BenchModule, adapter, { logger: ['error', 'warn'] });
  await app.listen(0, '127.0.0.1');
  return app;
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
  process.on('message', (message: Message) => {
    if (message.type === 'mark') {
      const usage = process.cpuUsage();
      process.send!({ type: 'mark', cpuUs: usage.user + usage.system });
      return;
    }
    if (message.type !== 'close') return;
    const start = nowNs();
    void app.close().then(() => process.send!({ type: 'closed', closeMs: (nowNs() - start) / 1e6 }, () => process.exit(0)));
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.send?.({ type: 'error', error: String((error as Error)?.stack ?? error) }, () => process.exit(1));
});
