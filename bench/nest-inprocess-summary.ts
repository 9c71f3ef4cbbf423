/**
 * The in-process measure's records (nest-inprocess.ts) reduced per adapter: CPU per request,
 * added CPU against (a), the peers' added CPU over ours, and the first event split into its fixed
 * part and a further event. Every difference is taken within one round (windows of the same
 * round ran side by side), then its median and min–max across rounds reported; the peers' ratios
 * also as a ratio of those medians with a resampled 95 % interval, which decides the target.
 */
import { CALIBRATION_US, NEST_VARIANT_LABELS, type NestVariant } from './nest-variants.js';
import { seededRandom } from './seeded-random.js';
import { spread, type Spread } from './stats.js';

export interface InProcessRecord {
  adapter: 'express' | 'fastify';
  variant: NestVariant;
  round: number;
  /** Process CPU (user + system, all threads) over the window, final flush included, per request, µs. */
  cpuUsPerRequest: number;
  /** Of it, the final flush's CPU per request, µs. */
  flushCpuUsPerRequest: number;
  wallMs: number;
  flushMs: number;
  /** CPU over wall time before the flush: below 1 when other work took turns on this CPU. */
  requestCpuShare: number;
  requests: number;
  ok: number;
  /** Events the 2xx answers sent, and the sink's count of them after the window's flush. */
  expectedEvents: number;
  delivered: number;
  error?: string;
}

/** Ours must add at most this fraction of each peer's added CPU per request. */
export const TARGET_RATIO = 8;

export interface AdapterSummary {
  adapter: InProcessRecord['adapter'];
  cpuUsPerRequest: Partial<Record<NestVariant, Spread>>;
  /** Of cpuUsPerRequest, the final flush's: the sending a library had left for after the last answer. */
  flushCpuUsPerRequest: Partial<Record<NestVariant, Spread>>;
  /** Variant minus (a), same round, µs per request. */
  addedUs: Partial<Record<NestVariant, Spread>>;
  /** The peer's added CPU over ours ((c)): (n - a) / (c - a) and (p - a) / (c - a). */
  peerOverOurs: { n?: Spread; p?: Spread };
  /**
   * The median of the peer's added CPU over the median of ours, with its 95 % interval from
   * resampling the rounds: steadier than the per-round ratios, whose denominator ((c) - (a) of
   * one round) can come out near 0 or below on a noisy machine.
   */
  peerOverOursOfMedians: { n?: RatioEstimate; p?: RatioEstimate };
  /** (c) - (a): the first event of a request. */
  firstEventUs?: Spread;
  /** ((d) - (c)) / 4: each further event of the same request. */
  furtherEventUs?: Spread;
  /** The first event's cost less a further one's: what an event costs once per request. */
  fixedUs?: Spread;
  /** (w) - (a), against CALIBRATION_US of the handler's own extra work. */
  calibrationUs?: Spread;
  /** Against TARGET_RATIO, from the interval of the ratio of medians. */
  target: { n?: Verdict; p?: Verdict };
  /** Windows left out for an error (unanswered requests, undelivered events). */
  failedWindows: number;
  /** requestCpuShare of every window: how much of the time other work took this CPU. */
  requestCpuShare: Spread;
}

/** met: the whole 95 % interval is at or above the target; missed: all of it below. */
export type Verdict = 'met' | 'missed' | 'undecided';

export interface RatioEstimate {
  value: number;
  low: number;
  high: number;
}

type Round = Partial<Record<NestVariant, number>>;
type Cpu = (variant: NestVariant) => number;

const RESAMPLES = 2_000;

function roundsOf(records: InProcessRecord[], adapter: InProcessRecord['adapter']): Round[] {
  const rounds = new Map<number, Round>();
  for (const record of records) {
    if (record.adapter !== adapter || record.error !== undefined) continue;
    const round = rounds.get(record.round) ?? {};
    round[record.variant] = record.cpuUsPerRequest;
    rounds.set(record.round, round);
  }
  return [...rounds.values()];
}

/** One value per round from the round's variants; a round lacking one gives NaN, which spread() leaves out. */
function perRound(rounds: Round[], value: (cpu: Cpu) => number): Spread {
  return spread(rounds.map((round) => value((variant) => round[variant] ?? NaN)));
}

function medianOver(rounds: Round[], value: (cpu: Cpu) => number): number {
  return perRound(rounds, value).median;
}

/** peer's median added CPU / ours, and its 2.5th and 97.5th percentiles over resampled rounds (seeded). */
function ratioOfMedians(rounds: Round[], peer: NestVariant): RatioEstimate | undefined {
  const ratio = (sample: Round[]): number => medianOver(sample, (cpu) => cpu(peer) - cpu('a')) / medianOver(sample, (cpu) => cpu('c') - cpu('a'));
  const value = ratio(rounds);
  if (!Number.isFinite(value)) return undefined;
  const random = seededRandom(RESAMPLES);
  const draws: number[] = [];
  for (let i = 0; i < RESAMPLES; i++) draws.push(ratio(rounds.map(() => rounds[Math.floor(random() * rounds.length)]!)));
  const sorted = draws.filter((draw) => Number.isFinite(draw)).sort((x, y) => x - y);
  return { value, low: sorted[Math.floor(sorted.length * 0.025)]!, high: sorted[Math.floor(sorted.length * 0.975)]! };
}

function verdict(estimate: RatioEstimate | undefined): Verdict | undefined {
  if (estimate === undefined) return undefined;
  return estimate.low >= TARGET_RATIO ? 'met' : estimate.high < TARGET_RATIO ? 'missed' : 'undecided';
}

function present(value: Spread): Spread | undefined {
  return value.n > 0 ? value : undefined;
}

export function summarizeInProcess(records: InProcessRecord[], adapters: InProcessRecord['adapter'][]): AdapterSummary[] {
  return adapters.map((adapter) => {
    const rounds = roundsOf(records, adapter);
    const variants = [...new Set(records.filter((record) => record.adapter === adapter).map((record) => record.variant))].sort();
    const cpuUsPerRequest: AdapterSummary['cpuUsPerRequest'] = {};
    const addedUs: AdapterSummary['addedUs'] = {};
    const flushCpuUsPerRequest: AdapterSummary['flushCpuUsPerRequest'] = {};
    for (const variant of variants) {
      cpuUsPerRequest[variant] = perRound(rounds, (cpu) => cpu(variant));
      const windows = records.filter((record) => record.adapter === adapter && record.variant === variant && record.error === undefined);
      flushCpuUsPerRequest[variant] = spread(windows.map((record) => record.flushCpuUsPerRequest));
      if (variant !== 'a') addedUs[variant] = perRound(rounds, (cpu) => cpu(variant) - cpu('a'));
    }
    const ours = (cpu: Cpu): number => cpu('c') - cpu('a');
    const further = (cpu: Cpu): number => (cpu('d') - cpu('c')) / 4;
    const n = present(perRound(rounds, (cpu) => (cpu('n') - cpu('a')) / ours(cpu)));
    const p = present(perRound(rounds, (cpu) => (cpu('p') - cpu('a')) / ours(cpu)));
    const nOfMedians = ratioOfMedians(rounds, 'n');
    const pOfMedians = ratioOfMedians(rounds, 'p');
    return {
      adapter,
      cpuUsPerRequest,
      flushCpuUsPerRequest,
      addedUs,
      peerOverOurs: { n, p },
      peerOverOursOfMedians: { n: nOfMedians, p: pOfMedians },
      firstEventUs: present(perRound(rounds, ours)),
      furtherEventUs: present(perRound(rounds, further)),
      fixedUs: present(perRound(rounds, (cpu) => ours(cpu) - further(cpu))),
      calibrationUs: present(perRound(rounds, (cpu) => cpu('w') - cpu('a'))),
      target: { n: verdict(nOfMedians), p: verdict(pOfMedians) },
      failedWindows: records.filter((record) => record.adapter === adapter && record.error !== undefined).length,
      requestCpuShare: spread(records.filter((record) => record.adapter === adapter).map((record) => record.requestCpuShare)),
    };
  });
}

function cell(value: Spread | undefined, digits = 1, unit = ''): string {
  if (value === undefined || value.n === 0) return '–';
  return `${value.median.toFixed(digits)}${unit} (${value.min.toFixed(digits)}–${value.max.toFixed(digits)})`;
}

function ratioCell(estimate: RatioEstimate | undefined, target: Verdict | undefined): string {
  if (estimate === undefined) return '–';
  return `${estimate.value.toFixed(1)}x (95 %: ${estimate.low.toFixed(1)}–${estimate.high.toFixed(1)}), ${target} (≥ ${TARGET_RATIO}x)`;
}

export function renderInProcess(summary: AdapterSummary[], plan: { rounds: number; requests: number; concurrency: number }): string {
  const header = (first: string): string[] => [
    `| ${first} | ${summary.map((adapter) => adapter.adapter).join(' | ')} |`,
    `|---|${summary.map(() => '---|').join('')}`,
  ];
  const row = (label: string, value: (adapter: AdapterSummary) => string): string => `| ${label} | ${summary.map(value).join(' | ')} |`;
  const variants = [...new Set(summary.flatMap((adapter) => Object.keys(adapter.cpuUsPerRequest) as NestVariant[]))].sort();
  const lines = [
    `In-process, ${plan.rounds} rounds of ${plan.requests} requests per variant (${plan.concurrency} in flight), each window ending with its library's flush; median (min–max) over rounds.`,
    '',
    ...header('Variant: CPU per request, µs [added vs (a)]'),
    ...variants.map((variant) =>
      row(
        NEST_VARIANT_LABELS[variant],
        (adapter) => `${cell(adapter.cpuUsPerRequest[variant])}${variant === 'a' ? '' : ` [${cell(adapter.addedUs[variant])}]`}`,
      ),
    ),
    '',
    ...header('Within each round'),
    row('(n) median added ÷ (c) median added', (adapter) => ratioCell(adapter.peerOverOursOfMedians.n, adapter.target.n)),
    row('(p) median added ÷ (c) median added', (adapter) => ratioCell(adapter.peerOverOursOfMedians.p, adapter.target.p)),
    row('(n) added ÷ (c) added, per round', (adapter) => cell(adapter.peerOverOurs.n, 1, 'x')),
    row('(p) added ÷ (c) added, per round', (adapter) => cell(adapter.peerOverOurs.p, 1, 'x')),
    row('first event (c) − (a), µs', (adapter) => cell(adapter.firstEventUs)),
    row('a further event ((d) − (c)) / 4, µs', (adapter) => cell(adapter.furtherEventUs)),
    row('fixed part: first − further, µs', (adapter) => cell(adapter.fixedUs)),
    row(`calibration (w) − (a), µs (own work ${CALIBRATION_US})`, (adapter) => cell(adapter.calibrationUs)),
    row('final flush, µs per request: (c) / (d) / (n) / (p)', (adapter) =>
      (['c', 'd', 'n', 'p'] as const).map((variant) => adapter.flushCpuUsPerRequest[variant]?.median.toFixed(1) ?? '–').join(' / '),
    ),
    row('windows left out (errors)', (adapter) => String(adapter.failedWindows)),
    row('CPU share of wall time while requests ran (1: the CPU to itself)', (adapter) => cell(adapter.requestCpuShare, 2)),
  ];
  return lines.join('\n');
}
