import type { Dispatcher } from 'undici';
import { WriteKeyAuthorizer, type Authorizer } from './authorizer.js';
import { createDispatcher } from './create-dispatcher.js';
import { OAuthAuthorizer } from './oauth/oauth-authorizer.js';
import type { Redactor } from './redactor.js';
import type { ResolvedOptions } from './resolved-options.js';

/**
 * The Authorization source the options ask for. The redactor learns every secret it hands out.
 *
 * @param dispatcher the client's dispatcher, so token requests share its proxy and pool. When
 *   it is not given, OAuth makes its own from the same settings and closes it on close().
 */
export function createAuthorizer(settings: ResolvedOptions, redactor: Redactor, dispatcher?: Dispatcher): Authorizer {
  const { oauth } = settings;
  if (oauth === undefined) return new WriteKeyAuthorizer(settings.writeKey);
  const own = dispatcher === undefined ? createDispatcher(settings) : undefined;
  return new OAuthAuthorizer({
    oauth,
    dispatcher: dispatcher ?? own!.dispatcher,
    closeDispatcher: own?.owned ? () => own.dispatcher.close() : undefined,
    redactor,
    httpTimeout: settings.httpTimeout,
    logger: settings.logger,
    debug: settings.debug,
  });
}
