/**
 * Stands in, inside the options `segmentConfig` returns, for an option it could not take from
 * the environment: a key file that cannot be read, two variables set for one option.
 *
 * Why a marker and not a throw: a throw in a `registerAs` factory aborts the Nest container
 * with a bare stack trace, before the module's validation runs, and so hides every other
 * problem. With the marker in the option's place, validation recognises it and reports it in the
 * same `SegmentOptionsError` as the rest, labelled with these variables instead of the option's
 * usual one. It holds the variable names and a sentence, never a value read from a file or an
 * env var that may be secret; `toJSON`/`toString` show only that, should the config be printed.
 */
export class UnusableEnvValue {
  /**
   * @param envVars the variables at fault, in the order the label names them.
   * @param problem what is wrong, after the label: `could not be read from /run/key.pem (...)`.
   */
  constructor(
    readonly envVars: readonly [string, ...string[]],
    readonly problem: string,
  ) {}

  toString(): string {
    return `[unusable ${this.envVars.join(' and ')}: ${this.problem}]`;
  }

  toJSON(): string {
    return this.toString();
  }
}
