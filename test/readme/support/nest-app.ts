import type { INestApplication } from '@nestjs/common';
import { ExpressAdapter, type NestExpressApplication } from '@nestjs/platform-express';
import type { TestingModule } from '@nestjs/testing';
import { CapturedConsoleLogger } from './captured-console-logger.js';

export interface StartedApp {
  readonly app: INestApplication;
  /** `http://127.0.0.1:PORT` of the real HTTP server. */
  readonly url: string;
  /** What Nest (and the Segment client's default Nest logger) printed. */
  readonly logger: CapturedConsoleLogger;
}

/** A signed-in user, as an authentication middleware or guard (Passport) sets it: `request.user`. */
export function signedIn(id: string) {
  return (request: { user?: unknown }, _response: unknown, next: () => void): void => {
    request.user = { id };
    next();
  };
}

/**
 * Boots a compiled module as a real Express app listening on 127.0.0.1 (port picked by the
 * system), with Nest's console logger captured. `prepare` runs before `listen()` (middleware).
 * Close it with `app.close()`.
 */
export async function startApp(moduleRef: TestingModule, prepare?: (app: NestExpressApplication) => void): Promise<StartedApp> {
  const logger = new CapturedConsoleLogger();
  const app = moduleRef.createNestApplication<NestExpressApplication>(new ExpressAdapter(), { logger });
  prepare?.(app);
  try {
    await app.listen(0, '127.0.0.1');
  } catch (error) {
    await app.close();
    throw error;
  }
  return { app, url: (await app.getUrl()).replace('[::1]', '127.0.0.1'), logger };
}
