import { Agent, type Dispatcher } from 'undici';
import type { ResolvedOptions } from './resolved-options.js';

export interface OwnedDispatcher {
  dispatcher: Dispatcher;
  /** Whether the client made it, and so closes it on close(); a caller's dispatcher is left open. */
  owned: boolean;
}

/** The caller's dispatcher, or a keep-alive Agent sized for the client's concurrency. */
export function createDispatcher(settings: ResolvedOptions): OwnedDispatcher {
  if (settings.dispatcher !== undefined) return { dispatcher: settings.dispatcher, owned: false };
  return {
    dispatcher: new Agent({ keepAliveTimeout: 30_000, connections: settings.maxConcurrentRequests + 2 }),
    owned: true,
  };
}
