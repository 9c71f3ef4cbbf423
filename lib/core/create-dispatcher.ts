import { Agent, type Dispatcher } from 'undici';
import { createProxyDispatcher } from './proxy.js';
import type { ResolvedOptions } from './resolved-options.js';

export interface OwnedDispatcher {
  dispatcher: Dispatcher;
  /** Whether the client made it, and so closes it on close(); a caller's dispatcher is left open. */
  owned: boolean;
}

/**
 * The caller's dispatcher; or a proxy agent (`proxy` option); or a keep-alive Agent. Pools are
 * per origin: the tracking host and the OAuth token endpoint each get their own connections.
 */
export function createDispatcher(settings: ResolvedOptions): OwnedDispatcher {
  if (settings.dispatcher !== undefined) return { dispatcher: settings.dispatcher, owned: false };
  const pool = { keepAliveTimeout: 30_000, connections: settings.maxConcurrentRequests + 2 };
  if (settings.proxy !== undefined) return { dispatcher: createProxyDispatcher(settings.proxy, pool), owned: true };
  return { dispatcher: new Agent(pool), owned: true };
}
