import type { INestApplication } from '@nestjs/common';
import type { TestingModule } from '@nestjs/testing';
import { createAdapter, type AdapterName } from '../../src/bootstrap.js';

/** The e2e matrix: every suite runs on both HTTP platforms. */
export const ADAPTERS: readonly { name: string; adapter: AdapterName }[] = [
  { name: 'Express', adapter: 'express' },
  { name: 'Fastify', adapter: 'fastify' },
];

/** Starts the compiled test module on a free loopback port; close it with `app.close()`. */
export async function listen(moduleRef: TestingModule, adapter: AdapterName): Promise<INestApplication> {
  const app = moduleRef.createNestApplication(createAdapter(adapter), { logger: false });
  await app.listen(0, '127.0.0.1');
  return app;
}

/** A browser-like client: the headers the request context turns into `context`. */
export const BROWSER = { 'user-agent': 'Mozilla/5.0 (sample e2e)', 'accept-language': 'fr-CH, fr;q=0.9', referer: 'https://shop.example/' } as const;
