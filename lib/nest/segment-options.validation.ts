import type { SegmentClientOptions } from '../core/index.js';
import { clientOptionProblems } from '../core/internals.js';
import { labelledProblems, optionProblem } from './option-labels.js';
import type { SegmentModuleOptions } from './segment-module.options.js';
import { nestOptionProblems } from './segment-nest-options.validation.js';
import type { SegmentOptionProblem } from './segment-options.error.js';

/**
 * Every problem of the module's options, empty when they can work: the client's options by the
 * client's own rules, the module's own options by its rules. Messages name the option and its
 * env var, never a secret's value.
 */
export function validateSegmentOptions(options: unknown): SegmentOptionProblem[] {
  if (options === null || typeof options !== 'object') {
    return [optionProblem('options', `must be an object with at least a writeKey; the options provider gave ${options === null ? 'null' : typeof options}`)];
  }
  const { context, user, anonymous, requestContext, shutdownTimeoutMs, forwardErrors, ...clientOptions } = options as SegmentModuleOptions;
  return [...labelledProblems(clientOptionProblems(clientOptions as SegmentClientOptions), options), ...nestOptionProblems(options as SegmentModuleOptions)];
}
