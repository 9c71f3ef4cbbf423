import type { Dispatcher } from 'undici';
import { WriteKeyAuthorizer, type Authorizer } from './authorizer.js';
import { OAuthAuthorizer } from './oauth/oauth-authorizer.js';
import type { Redactor } from './redactor.js';
import type { ResolvedOptions } from './resolved-options.js';

/**
 * The Authorization source the options ask for. The redactor learns every secret it hands out.
 * Token requests go through the client's dispatcher: its proxy, its pool.
 */
export function createAuthorizer(settings: ResolvedOptions, redactor: Redactor, dispatcher: Dispatcher): Authorizer {
  const { oauth } = settings;
  if (oauth === undefined) return new WriteKeyAuthorizer(settings.writeKey);
  return new OAuthAuthorizer({
    oauth,
    dispatcher,
    redactor,
    httpTimeout: settings.httpTimeout,
    logger: settings.logger,
    debug: settings.debug,
  });
}
