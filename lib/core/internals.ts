/**
 * Helpers that the package's other layers (Nest glue, testing kit, engines) share with the
 * client. Not part of the public API: no package export points here.
 */
export { describeError } from './describe-error.js';
export { isPlainObject } from './plain-object.js';
export { SegmentConfigError } from './errors.js';
export type { GroupParams, IdentifyParams, MessageType, SegmentMessage, TrackParams } from './message-types.js';
export type { MessageCheck } from './pipeline/message-check.js';
export { SegmentViolationError, describeViolation, type TrackingPlanViolation, type ViolationAction } from './pipeline/tracking-plan-violation.js';
export { DEFAULT_OAUTH_SCOPE } from './oauth/oauth-options.js';
export { readPrivateKey } from './oauth/private-key.js';
export { basicAuthorization } from './redactor.js';
export { REGIONS } from './region.js';
export { secretIn } from './option-value.js';
export { clientOptionProblems } from './resolved-options.js';
export { OptionProblems, problemText } from './option-problems.js';
export { callback, fieldsOf, flag, wholeNumber, type OptionReader } from './option-checks.js';
export { describeOptionValue } from './option-value.js';
