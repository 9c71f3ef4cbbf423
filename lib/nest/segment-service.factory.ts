import { Logger } from '@nestjs/common';
import { loggerName } from './logger-name.js';
import { SegmentClient, SegmentConfigError, type SegmentClientOptions } from '../core/index.js';
import { withAnonymousPolicy } from './anonymous-policy.js';
import { misconfiguredSegmentService } from './misconfigured-segment.js';
import type { SegmentModuleExtras, SegmentModuleOptions } from './segment-module.options.js';
import { SegmentOptionsError } from './segment-options.error.js';
import { labelledProblems, optionProblem } from './option-labels.js';
import { validateSegmentOptions } from './segment-options.validation.js';
import { SegmentService } from './segment.service.js';

/** Module-level settings that are also options; what the factory returned wins. */
const MODULE_LEVEL_OPTIONS = ['forwardErrors', 'user', 'context', 'anonymous'] as const;

/**
 * forRoot() moves the module-level settings out of the options, and forRootAsync() has them
 * next to the factory: put them back where the factory left them out.
 */
export function withModuleSettings<T extends Partial<Pick<SegmentModuleOptions, (typeof MODULE_LEVEL_OPTIONS)[number]>>>(
  options: T,
  extras: SegmentModuleExtras,
): T {
  if (options === null || typeof options !== 'object') return options;
  let merged = options;
  for (const key of MODULE_LEVEL_OPTIONS) {
    if (options[key] === undefined && extras[key] !== undefined) merged = { ...merged, [key]: extras[key] };
  }
  return merged;
}

/** The factory's own `forwardErrors`, where the module did not register the interceptor. */
function forwardErrorsOnlyInFactory(options: SegmentModuleOptions, extras: SegmentModuleExtras): boolean {
  return isObject(options) && Boolean(options.forwardErrors) && !extras.forwardErrors;
}

function isObject(options: SegmentModuleOptions): boolean {
  return options !== null && typeof options === 'object';
}

/**
 * Validates the options, builds the client and its service. Never throws for bad options: it
 * returns a stand-in whose `onModuleInit` fails `app.init()` with every problem listed.
 */
export function createSegmentService(factoryOptions: SegmentModuleOptions, extras: SegmentModuleExtras): SegmentService {
  const options = withModuleSettings(factoryOptions, extras);
  const problems = validateSegmentOptions(options);
  if (forwardErrorsOnlyInFactory(factoryOptions, extras)) {
    problems.push(
      optionProblem(
        'forwardErrors',
        'is a module-level setting: give it to forRootAsync() itself, next to useFactory (it decides whether a global interceptor is registered)',
      ),
    );
  }
  if (problems.length > 0) return misconfiguredSegmentService(new SegmentOptionsError(problems, extras.name));

  // The Nest-only settings stay out of the client's options.
  const { context, user, anonymous, requestContext, shutdownTimeoutMs, forwardErrors, ...clientOptions } = options;
  const logger = options.logger ?? new Logger(loggerName(extras.name));
  let client: SegmentClient;
  try {
    client = new SegmentClient({ ...(clientOptions as SegmentClientOptions), logger });
  } catch (error) {
    // What only building the client finds (a tracking plan that does not load, a middleware list that is none).
    if (!(error instanceof SegmentConfigError)) throw error;
    return misconfiguredSegmentService(new SegmentOptionsError(labelledProblems(error.problems, options), extras.name));
  }
  return withAnonymousPolicy(new SegmentService(client, { name: extras.name, logger, context, user, shutdownTimeoutMs }), anonymous);
}
