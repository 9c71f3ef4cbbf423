import type { INestApplication, LoggerService, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { AddressInfo } from 'node:net';
import type { SegmentCollector } from 'nestjs-segment/testing';
import { startLocalCollector, withEnv } from './analytics/local-collector.js';
import { AppModule } from './app.module.js';

export type AdapterName = 'express' | 'fastify';

export interface SampleAppOptions {
  /** Default `'express'`. */
  adapter?: AdapterName;
  /** Default 3000; 0 lets the system pick a free port. */
  port?: number;
  /** Default `'127.0.0.1'`. */
  hostname?: string;
  /**
   * `'auto'` (default): send to an embedded local collector when SEGMENT_WRITE_KEY is not set.
   * `'always'`: the embedded collector even when it is set (the demo).
   */
  collector?: 'auto' | 'always';
  /** More SEGMENT_* (or other) variables for the app's configuration, set only while it is created. */
  env?: Record<string, string>;
  /** Nest's logger setting. Default: Nest's console logger. */
  logger?: LoggerService | LogLevel[] | false;
  /** Where the boot notes go. Default `console.log`. */
  print?: (line: string) => void;
}

export interface SampleApp {
  readonly app: INestApplication;
  /** `http://127.0.0.1:PORT` */
  readonly url: string;
  /** The embedded collector the app sends to, when it is not sending to Segment. */
  readonly collector: SegmentCollector | undefined;
  /** Closes the app, whose shutdown hook flushes every Segment client, then the collector. */
  close(): Promise<void>;
}

export function createAdapter(name: AdapterName): ExpressAdapter | FastifyAdapter {
  return name === 'fastify' ? new FastifyAdapter() : new ExpressAdapter();
}

/** Boots the sample shop on a real port, as `npm start` does. */
export async function startSampleApp(options: SampleAppOptions = {}): Promise<SampleApp> {
  const print = options.print ?? ((line: string) => console.log(line));
  const configured = (process.env.SEGMENT_WRITE_KEY ?? '').trim() !== '';
  const local = options.collector === 'always' || !configured ? await startLocalCollector() : undefined;
  let app: INestApplication | undefined;
  try {
    // The options factories (segmentConfig, the marketing client) read the environment while the app is created.
    app = await withEnv({ ...options.env, ...local?.env }, () =>
      NestFactory.create(AppModule, createAdapter(options.adapter ?? 'express'), { logger: options.logger, abortOnError: false }),
    );
    await app.listen(options.port ?? 3000, options.hostname ?? '127.0.0.1');
  } catch (error) {
    await app?.close();
    await local?.collector.stop();
    throw error;
  }
  const { address, port } = app.getHttpServer().address() as AddressInfo;
  const url = `http://${address.includes(':') ? `[${address}]` : address}:${port}`;
  if (local === undefined) {
    print('Segment: SEGMENT_WRITE_KEY is set, so messages go to your Segment source.');
  } else {
    const why = configured ? 'the demo always uses' : 'SEGMENT_WRITE_KEY is not set, so messages go to';
    print(`Segment: ${why} an embedded local collector at ${local.collector.url} (nothing leaves this machine).`);
    print(`Event debugger: open ${local.collector.url}/ in a browser to watch each message arrive.`);
  }
  const running = app;
  let closing: Promise<void> | undefined;
  return {
    app: running,
    url,
    collector: local?.collector,
    close: () =>
      (closing ??= (async () => {
        await running.close();
        await local?.collector.stop();
      })()),
  };
}
