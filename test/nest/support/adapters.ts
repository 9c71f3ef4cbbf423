import type { INestApplication, ModuleMetadata, Type } from '@nestjs/common';
import { ExpressAdapter, type NestExpressApplication } from '@nestjs/platform-express';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';

export interface AppOptions {
  /** Express `trust proxy` / Fastify `trustProxy`. Default false, as both adapters default. */
  trustProxy?: boolean;
}

/** One HTTP platform of the e2e matrix. */
export interface AdapterCase {
  readonly name: string;
  create(moduleRef: Awaited<ReturnType<ReturnType<typeof Test.createTestingModule>['compile']>>, options: AppOptions): INestApplication;
}

export const ADAPTERS: readonly AdapterCase[] = [
  {
    name: 'Express',
    create(moduleRef, { trustProxy = false }) {
      const app = moduleRef.createNestApplication<NestExpressApplication>(new ExpressAdapter(), { logger: false });
      app.set('trust proxy', trustProxy);
      return app;
    },
  },
  {
    name: 'Fastify',
    create(moduleRef, { trustProxy = false }) {
      return moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter({ trustProxy }), { logger: false });
    },
  },
];

export interface RunningApp {
  readonly app: INestApplication;
  /** `http://127.0.0.1:PORT` of the real server. */
  readonly url: string;
}

/** Boots a real server on 127.0.0.1, port chosen by the system. Close it with `app.close()`. */
export async function bootApp(
  adapter: AdapterCase,
  metadata: { imports: ModuleMetadata['imports']; controllers?: Type[] },
  options: AppOptions = {},
): Promise<RunningApp> {
  const moduleRef = await Test.createTestingModule({ imports: metadata.imports, controllers: metadata.controllers }).compile();
  const app = adapter.create(moduleRef, options);
  await app.listen(0, '127.0.0.1');
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return { app, url };
}
