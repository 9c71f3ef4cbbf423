/**
 * Helpers that the package's other layers (Nest glue, testing kit, engines) share with the
 * client. Not part of the public API: no package export points here.
 */
export { describeError } from './describe-error.js';
export { isPlainObject } from './plain-object.js';
