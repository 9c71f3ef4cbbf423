import { Module, type DynamicModule } from '@nestjs/common';
import type { SegmentClientOptions } from '../core/index.js';
import type { SegmentModuleOptions } from '../nest/index.js';
import { SEGMENT_CLIENT_REDIRECT, type SegmentClientRedirect } from '../nest/segment.module-definition.js';

/** How `SegmentTestingModule.redirectTo()` rewrites each client of the app. */
export interface SegmentRedirectOptions {
  /** The write key of a client configured without one (an unset env var in tests). Default `'redirected-write-key'`. */
  writeKey?: string;
  /**
   * Each client's shutdown deadline, in ms. Default 2,000: a test's `app.close()` never waits
   * long on a collector that stopped answering, and a live one answers in milliseconds.
   */
  shutdownTimeoutMs?: number;
  /** Client options set on every client over its own: `{ flushInterval: 10 }`. */
  override?: Partial<Omit<SegmentClientOptions, 'writeKey' | 'host'>>;
}

export const DEFAULT_REDIRECT_WRITE_KEY = 'redirected-write-key';
const DEFAULT_REDIRECT_SHUTDOWN_MS = 2_000;

/**
 * Every client to `host`, however it was configured: what would route elsewhere (a region, a
 * custom path, a proxy, a dispatcher) is dropped, and OAuth too (the collector takes the write
 * key). Options that are not an object are left for validation to report.
 */
export function redirectClients(host: string, settings: SegmentRedirectOptions): SegmentClientRedirect {
  return (options) => {
    if (options === null || typeof options !== 'object') return options;
    const { region, path, proxy, dispatcher, oauth, host: configuredHost, ...kept } = options;
    const redirected: SegmentModuleOptions = {
      ...kept,
      writeKey: hasWriteKey(kept.writeKey) ? kept.writeKey : (settings.writeKey ?? DEFAULT_REDIRECT_WRITE_KEY),
      host,
      shutdownTimeoutMs: settings.shutdownTimeoutMs ?? DEFAULT_REDIRECT_SHUTDOWN_MS,
      ...settings.override,
    };
    return redirected;
  };
}

/** Unset, or blank as `process.env.SEGMENT_WRITE_KEY ?? ''` gives: the redirect's key stands in. */
function hasWriteKey(writeKey: unknown): boolean {
  return writeKey !== undefined && !(typeof writeKey === 'string' && writeKey.trim() === '');
}

/** Carries the redirect; global, so every client module of the app sees it. */
@Module({})
class SegmentRedirectModule {}

/** `collector` is read when the app is compiled: start it before. */
export function segmentRedirectModule(collector: { readonly url: string } | string, settings: SegmentRedirectOptions): DynamicModule {
  return {
    module: SegmentRedirectModule,
    global: true,
    providers: [{ provide: SEGMENT_CLIENT_REDIRECT, useFactory: () => redirectClients(typeof collector === 'string' ? collector : collector.url, settings) }],
    exports: [SEGMENT_CLIENT_REDIRECT],
  };
}
