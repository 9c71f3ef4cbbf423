import { SegmentConfigError, type SegmentConfigProblem } from '../core/index.js';

/** One option that cannot work, as found at boot: `message` starts with the option and its env var. */
export interface SegmentOptionProblem extends SegmentConfigProblem {
  /** The environment variable `segmentConfig` reads it from, when there is one. */
  readonly envVar: string | undefined;
}

/**
 * The module's options failed validation. `message` lists every bad option with its
 * environment variable; `option` names them comma-separated; `problems` has them one by one.
 */
export class SegmentOptionsError extends SegmentConfigError {
  override name = 'SegmentOptionsError';

  constructor(
    override readonly problems: readonly SegmentOptionProblem[],
    clientName?: string,
  ) {
    const label = clientName === undefined ? 'Segment' : `Segment client "${clientName}"`;
    const lines = problems.map((problem) => `  - ${problem.message}`);
    super(
      problems.map((problem) => problem.option).join(', '),
      `${label} is misconfigured (${problems.length} ${problems.length === 1 ? 'problem' : 'problems'}):\n${lines.join('\n')}`,
      problems,
    );
  }
}
