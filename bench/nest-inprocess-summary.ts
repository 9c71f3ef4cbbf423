/**
 * The in-process measure's records (nest-inprocess.ts) reduced per adapter: CPU per request,
 * added CPU against (a), the peers' added CPU over ours, and the first event split into its fixed
 * part and a further event. Every difference and ratio is taken within one round (windows of the
 * same round ran side by side), then its median and min–max across rounds reported.
 */
import { CALIBRATION_US, NEST_VARIANT_LABELS, type NestVariant } from './nest-variants.js';
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
  /** The same from the medians of addedUs: steadier when a round's (c) - (a) comes out near 0. */
  peerOverOursOfMedians: { n?: number; p?: number };
  /** (c) - (a): the first event of a request. */
  firstEventUs?: Spread;
  /** ((d) - (c)) / 4: each further event of the same request. */
  furtherEventUs?: Spread;
  /** The first event's cost less a further one's: what an event costs once per request. */
  fixedUs?: Spread;
  /** (w) - (a), against CALIBRATION_US of the handler's own extra work. */
  calibrationUs?: Spread;
  /** The target holds at the median ratio. */
  meetsTarget: { n?: boolean; p?: boolean };
  /** Windows left out for an error (unanswered requests, undelivered events). */
  failedWindows: number;
  /** requestCpuShare of every window: how much of the time other work took this CPU. */
  requestCpuShare: Spread;
}

type Round = Partial<Record<NestVariant, number>>;

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
function perRound(rounds: Round[], value: (cpu: (variant: NestVariant) => number) => number): Spread {
  return spread(rounds.map((round) => value((variant) => round[variant] ?? NaN)));
}

function ofMedians(peer: Spread | undefined, ours: Spread | undefined): number | undefined {
  return peer && ours && peer.n > 0 && ours.n > 0 ? peer.median / ours.median : undefined;
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
    const ours = (cpu: (variant: NestVariant) => number): number => cpu('c') - cpu('a');
    const further = (cpu: (variant: NestVariant) => number): number => (cpu('d') - cpu('c')) / 4;
    const n = present(perRound(rounds, (cpu) => (cpu('n') - cpu('a')) / ours(cpu)));
    const p = present(perRound(rounds, (cpu) => (cpu('p') - cpu('a')) / ours(cpu)));
    return {
      adapter,
      cpuUsPerRequest,
      flushCpuUsPerRequest,
      addedUs,
      peerOverOurs: { n, p },
      peerOverOursOfMedians: { n: ofMedians(addedUs.n, addedUs.c), p: ofMedians(addedUs.p, addedUs.c) },
      firstEventUs: present(perRound(rounds, ours)),
      furtherEventUs: present(perRound(rounds, further)),
      fixedUs: present(perRound(rounds, (cpu) => ours(cpu) - further(cpu))),
      calibrationUs: present(perRound(rounds, (cpu) => cpu('w') - cpu('a'))),
      meetsTarget: { n: n && n.median >= TARGET_RATIO, p: p && p.median >= TARGET_RATIO },
      failedWindows: records.filter((record) => record.adapter === adapter && record.error !== undefined).length,
      requestCpuShare: spread(records.filter((record) => record.adapter === adapter).map((record) => record.requestCpuShare)),
    };
  });
}

function cell(value: Spread | undefined, digits = 1, unit = ''): string {
  if (value === undefined || value.n === 0) return '–';
  return `${value.median.toFixed(digits)}${unit} (${value.min.toFixed(digits)}–${value.max.toFixed(digits)})`;
}

function targetCell(value: Spread | undefined, meets: boolean | undefined, ofMedians: number | undefined): string {
  if (value === undefined) return '–';
  return `${cell(value, 1, 'x')} ${meets ? 'meets' : 'misses'} ≥ ${TARGET_RATIO}x; of the medians ${ofMedians?.toFixed(1) ?? '–'}x`;
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
    row('(n) added ÷ (c) added', (adapter) => targetCell(adapter.peerOverOurs.n, adapter.meetsTarget.n, adapter.peerOverOursOfMedians.n)),
    row('(p) added ÷ (c) added', (adapter) => targetCell(adapter.peerOverOurs.p, adapter.meetsTarget.p, adapter.peerOverOursOfMedians.p)),
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
