/**
 * The server of bench/interceptor-cost.ts: GET /orders/:id on Express or Fastify, in a process
 * of its own, with the request context opened by the adapter hooks, by SegmentContextInterceptor,
 * or both. The handler reads the request's context once (what the first message of a request
 * does), so each variant does its full work per request; no event is sent, so no delivery cost
 * is mixed in. argv[2]: JSON InterceptorAppConfig. IPC out: { type: 'ready', port };
 * in: { type: 'mark' } -> out: { type: 'mark', cpuUs } (this process's CPU time).
 */
import 'reflect-metadata';
import { Controller, Get, Module, Optional, Param, type DynamicModule, type Provider } from '@nestjs/common';
import { APP_INTERCEPTOR, NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { SegmentContextInterceptor, SegmentModule, SegmentService } from '../lib/index.js';
import type { InterceptorAppConfig, InterceptorVariant } from './interceptor-cost.js';
import type { Message } from './proc.js';

@Controller('orders')
class OrdersController {
  constructor(@Optional() private readonly segment?: SegmentService) {}

  @Get(':id')
  get(@Param('id') id: string): { id: string; total: number; contextFields: number } {
    const context = this.segment?.currentContext();
    return { id, total: 59.9, contextFields: context === undefined ? 0 : Object.keys(context).length };
  }
}

function rootModule(variant: InterceptorVariant): DynamicModule {
  const imports: DynamicModule[] = [];
  const providers: Provider[] = [];
  if (variant !== 'none') {
    // No event is sent: the host is never contacted.
    imports.push(SegmentModule.forRoot({ writeKey: 'bench-write-key', host: 'http://127.0.0.1:9', requestContext: variant !== 'interceptor' }));
  }
  if (variant === 'hooks+interceptor' || variant === 'interceptor') providers.push({ provide: APP_INTERCEPTOR, useClass: SegmentContextInterceptor });
  @Module({})
  class BenchModule {}
  return { module: BenchModule, imports, providers, controllers: [OrdersController] };
}

async function main(): Promise<void> {
  const config = JSON.parse(process.argv[2] ?? '{}') as InterceptorAppConfig;
  const adapter = config.adapter === 'fastify' ? new FastifyAdapter() : new ExpressAdapter();
  const app = await NestFactory.create(rootModule(config.variant), adapter, { logger: ['error'] });
  await app.listen(0, '127.0.0.1');
  const port = Number(new URL((await app.getUrl()).replace('[::1]', '127.0.0.1')).port);
  process.on('message', (message: Message) => {
    if (message.type !== 'mark') return;
    const { user, system } = process.cpuUsage();
    process.send!({ type: 'mark', cpuUs: user + system });
  });
  process.on('disconnect', () => void app.close().then(() => process.exit(0)));
  process.send!({ type: 'ready', port });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
