import { SegmentConfigError, type SegmentConfigProblem } from './errors.js';

/**
 * Every problem found in one set of options, so that one error lists them all instead of the
 * user fixing them one boot at a time.
 */
export class OptionProblems {
  readonly found: SegmentConfigProblem[] = [];

  /** Records that `option` cannot work: `text` says what is wrong, after the option's path. */
  add(option: string, text: string): undefined {
    this.found.push({ option, message: `${option} ${text}` });
    return undefined;
  }

  /** Runs a reader that throws a SegmentConfigError, and records its problems instead. */
  read<T>(reader: () => T): T | undefined {
    try {
      return reader();
    } catch (error) {
      if (!(error instanceof SegmentConfigError)) throw error;
      this.found.push(...error.problems);
      return undefined;
    }
  }

  /** One error for everything found (`what` names the options' owner), or undefined. */
  error(what: string): SegmentConfigError | undefined {
    const [first, ...rest] = this.found;
    if (first === undefined) return undefined;
    if (rest.length === 0) return new SegmentConfigError(first.option, `${first.message}.`, this.found);
    const lines = this.found.map((problem) => `  - ${problem.message}`);
    return new SegmentConfigError(
      this.found.map((problem) => problem.option).join(', '),
      `${what} is misconfigured (${this.found.length} problems):\n${lines.join('\n')}`,
      this.found,
    );
  }
}

/** What a problem says after its option's path: for a layer that labels the option its own way. */
export function problemText(problem: SegmentConfigProblem): string {
  return problem.message.startsWith(`${problem.option} `) ? problem.message.slice(problem.option.length + 1) : problem.message;
}
