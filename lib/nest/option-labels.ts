import type { SegmentConfigProblem } from '../core/index.js';
import { problemText } from '../core/internals.js';
import { SEGMENT_ENV_VARS, SEGMENT_OAUTH_PRIVATE_KEY_FILE } from './segment-env.js';
import type { SegmentOptionProblem } from './segment-options.error.js';
import { UnusableEnvValue } from './unusable-env-value.js';

/**
 * `option (ENV_VAR)`. An UnusableEnvValue names the variables at fault itself; the private key,
 * read from either of two variables, names both when which one was used is not known.
 */
function labelOf(option: string, value?: unknown): { label: string; envVar: string | undefined } {
  if (value instanceof UnusableEnvValue) return { label: `${option} (${value.envVars.join(' and ')})`, envVar: value.envVars[0] };
  const envVar = (SEGMENT_ENV_VARS as Record<string, string | undefined>)[option];
  if (envVar === undefined) return { label: option, envVar };
  const shown = option === 'oauth.privateKey' ? `${envVar} or ${SEGMENT_OAUTH_PRIVATE_KEY_FILE}` : envVar;
  return { label: `${option} (${shown})`, envVar };
}

/**
 * A problem for one option, labelled with its env var. `value` is the option's value, when
 * known: an UnusableEnvValue (segmentConfig could not read the variable) says what is wrong itself.
 */
export function optionProblem(option: string, text: string, value?: unknown): SegmentOptionProblem {
  const { label, envVar } = labelOf(option, value);
  return { option, envVar, message: `${label} ${value instanceof UnusableEnvValue ? value.problem : text}` };
}

/** The value at an option's path (`oauth.privateKey`). */
function valueAt(options: object, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>((value, key) => (value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined), options);
}

/** The client's own problems (core states each rule once), in the module's words: labelled, with env hints. */
export function labelledProblems(problems: readonly SegmentConfigProblem[], options: object): SegmentOptionProblem[] {
  return problems.map((problem) => {
    const value = valueAt(options, problem.option);
    // The client asks whether a path was given; with segmentConfig a path has its own variable.
    const pathGiven = problem.option === 'oauth.privateKey' && typeof value === 'string' && value.trim() !== '' && !value.includes('-----BEGIN');
    return optionProblem(problem.option, `${problemText(problem)}${pathGiven ? `; a path belongs in ${SEGMENT_OAUTH_PRIVATE_KEY_FILE}` : ''}`, value);
  });
}
