/**
 * The server of bench/interceptor-cost.ts: Express or Fastify, in a process of its own, serving
 * the same small JSON handler twice: GET /plain/:id as is, GET /intercepted/:id with
 * SegmentContextInterceptor on its controller. Both read the request's context once (what the
 * first message of a request does); no event is sent, so no delivery cost is mixed in. Mode
 * `hooks`: the adapter hooks open the context (the default), the interceptor joins it; mode
 * `alone`: `requestContext: false`, the interceptor opens it and /plain has none.
 * argv[2]: JSON InterceptorAppConfig. IPC out: { type: 'ready', port };
 * in: { type: 'mark' } -> out: { type: 'mark', cpuUs } (this process's CPU time).
 */
import 'reflect-metadata';
import { Controller, Get, Module, Param, UseInterceptors } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { SegmentContextInterceptor, SegmentModule, SegmentService } from '../lib/index.js';
import type { InterceptorAppConfig } from './interceptor-cost.js';
import type { Message } from './proc.js';

interface Answer {
  id: string;
  total: number;
  contextFields: number;
}

function answer(segment: SegmentService, id: string): Answer {
  const context = segment.currentContext();
  return { id, total: 59.9, contextFields: context === undefined ? 0 : Object.keys(context).length };
}

@Controller('plain')
class PlainController {
  constructor(private readonly segment: SegmentService) {}

  @Get(':id')
  get(@Param('id') id: string): Answer {
    return answer(this.segment, id);
  }
}

@Controller('intercepted')
@UseInterceptors(SegmentContextInterceptor)
class InterceptedController {
  constructor(private readonly segment: SegmentService) {}

  @Get(':id')
  get(@Param('id') id: string): Answer {
    return answer(this.segment, id);
  }
}

async function main(): Promise<void> {
  const config = JSON.parse(process.argv[2] ?? '{}') as InterceptorAppConfig;
  @Module({
    // No event is sent: the host is never contacted.
    imports: [SegmentModule.forRoot({ writeKey: 'bench-write-key', host: 'http://127.0.0.1:9', requestContext: config.mode === 'hooks' })],
    controllers: [PlainController, InterceptedController],
  })
  class BenchModule {}
  const adapter = config.adapter === 'fastify' ? new FastifyAdapter() : new ExpressAdapter();
  const app = await NestFactory.create(BenchModule, adapter, { logger: ['error'] });
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
