import { SegmentConfigError } from '../core/index.js';

/** One option that cannot work, as found at boot. */
export interface SegmentOptionProblem {
  /** The option's path: `flushAt`, `context.ip`. */
  readonly option: string;
  /** The environment variable `segmentConfig` reads it from, when there is one. */
  readonly envVar: string | undefined;
  /** What is wrong, starting with the option's name. Never carries the write key. */
  readonly message: string;
}

/**
 * The module's options failed validation. `message` lists every bad option with its
 * environment variable; `option` names them comma-separated; `problems` has them one by one.
 */
export class SegmentOptionsError extends SegmentConfigError {
  override name = 'SegmentOptionsError';

  constructor(
    readonly problems: readonly SegmentOptionProblem[],
    clientName?: string,
  ) {
    const label = clientName === undefined ? 'Segment' : `Segment client "${clientName}"`;
    const lines = problems.map((problem) => `  - ${problem.message}`);
    super(
      problems.map((problem) => problem.option).join(', '),
      `${label} is misconfigured (${problems.length} ${problems.length === 1 ? 'problem' : 'problems'}):\n${lines.join('\n')}`,
    );
  }
}
