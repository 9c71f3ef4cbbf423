/** Median and spread of repeated measurements: the bench reports all three, never one lucky run. */
export interface Spread {
  median: number;
  min: number;
  max: number;
  n: number;
}

export function spread(values: readonly number[]): Spread {
  const finite = values.filter((value) => Number.isFinite(value)).sort((a, b) => a - b);
  if (finite.length === 0) return { median: NaN, min: NaN, max: NaN, n: 0 };
  const middle = finite.length >> 1;
  const median = finite.length % 2 === 1 ? finite[middle]! : (finite[middle - 1]! + finite[middle]!) / 2;
  return { median, min: finite[0]!, max: finite[finite.length - 1]!, n: finite.length };
}

/** Half the min..max range as a percentage of the median: the noise figure quoted with a result. */
export function noisePct(value: Spread): number {
  return value.n < 2 || value.median === 0 ? 0 : ((value.max - value.min) / 2 / Math.abs(value.median)) * 100;
}
