/**
 * The result document (what the JSON holds) and the figures derived from the runs: per
 * contender medians and spreads, and the target ratios, each computed within one repetition
 * (both libraries measured back to back) and then summarised across repetitions.
 */
import type { RunRecord } from './client-runs.js';
import type { NestRecord, NestShutdownRecord } from './nest-runs.js';
import { CALIBRATION_US, EVENTS_PER_REQUEST, type NestVariant } from './nest-variants.js';
import { spread, type Spread } from './stats.js';

export interface Machine {
  node: string;
  cpu: string;
  cores: number;
  memoryGB: number;
  os: string;
  /** Whether the measured process and the helpers ran on separate CPUs (taskset). */
  pinned: boolean;
  loadAvgStart: number[];
  loadAvgEnd: number[];
  commit: string;
  analyticsNode: string;
  undici: string;
  autocannon: string;
  posthogNode?: string;
}

export interface BenchDocument {
  version: 1;
  startedAt: string;
  durationSec: number;
  mode: 'smoke' | 'quick' | 'full';
  events: number;
  reps: number;
  machine: Machine;
  contenders: Array<{ id: string; label: string }>;
  runs: RunRecord[];
  growth: RunRecord[];
  shutdown: RunRecord[];
  paced: RunRecord[];
  nest: NestRecord[];
  nestShutdown: NestShutdownRecord[];
  summary: Summary;
  /** The same measurements (a lighter plan) on the second runtime: Node 20's column. */
  secondary?: BenchDocument;
}

export type Metric = 'trackUs' | 'threadUs' | 'loopUs' | 'loopCpuUs' | 'lagMs' | 'blockP99Us' | 'deferredMs' | 'eventsPerSec' | 'cpuUsPerEvent' | 'peakRssMB' | 'baseRssMB' | 'retainedHeapMB' | 'closeMs' | 'firstTenthUs' | 'lastTenthUs';
const METRICS: Metric[] = ['trackUs', 'threadUs', 'loopUs', 'loopCpuUs', 'lagMs', 'blockP99Us', 'deferredMs', 'eventsPerSec', 'cpuUsPerEvent', 'peakRssMB', 'baseRssMB', 'retainedHeapMB', 'closeMs', 'firstTenthUs', 'lastTenthUs'];

export interface Target {
  id: string;
  text: string;
  /** The measured ratio (median over repetitions) and its spread. */
  value: Spread;
  goal: number;
  /** 'min': the value must be at least the goal; 'max': at most. */
  kind: 'min' | 'max';
  /** How the value reads: 'x' a ratio, '%' a share, 'µs' or 'ms' a time. */
  unit: 'x' | '%' | 'µs' | 'ms' | '';
  met: boolean | undefined;
}

/** What a row of the Nest cost table measures, per adapter, within each round. */
export type NestCostKey = Exclude<NestVariant, 'a'> | 'further' | 'fixed';

export const NEST_COST_LABELS: Record<NestCostKey, string> = {
  b: 'SegmentModule imported, no decorator',
  c: 'one @Track event per request',
  d: 'five @Track events per request',
  further: 'each further @Track event ((d) − (c)) / 4',
  fixed: 'fixed part of the first event ((c) − (a)) − a further one',
  n: '@segment/analytics-node in the handler, context by hand',
  p: "posthog-node's PostHogInterceptor + capture()",
  w: `calibration: no analytics, the handler ${CALIBRATION_US} µs longer`,
};

export interface Summary {
  /** contender -> metric -> spread over repetitions (burst runs at the main size). */
  burst: Record<string, Partial<Record<Metric, Spread>>>;
  shutdown: Record<string, { closeMs: Spread; complete: boolean }>;
  /** contender -> metric -> spread (paced runs). */
  paced: Record<string, Partial<Record<Metric, Spread>>>;
  growth: Record<string, Array<{ events: number; eventsPerSec: Spread; peakRssMB: Spread; retainedHeapMB: Spread; trackUs: Spread; firstTenthUs: Spread; lastTenthUs: Spread }>>;
  nest: Array<{ adapter: string; variant: string; requestsPerSec: Spread; latencyP99Ms: Spread; lossPct: Spread; cpuUsPerRequest: Spread; cpuLossPct: Spread; allDelivered: boolean; deliveredPct: Spread }>;
  /** Server CPU per request added over (a) of the same adapter and round, µs. */
  nestCost: Array<{ adapter: string; key: NestCostKey; addedUs: Spread }>;
  targets: Target[];
}

function byContender(runs: RunRecord[]): Map<string, RunRecord[]> {
  const map = new Map<string, RunRecord[]>();
  for (const run of runs) map.set(run.contender, [...(map.get(run.contender) ?? []), run]);
  return map;
}

/** One ratio per repetition, from two contenders' runs of that repetition. */
function perRep(runs: RunRecord[], a: string, b: string, ratio: (a: RunRecord, b: RunRecord) => number): Spread {
  const values: number[] = [];
  for (const run of runs.filter((candidate) => candidate.contender === a && candidate.complete)) {
    const other = runs.find((candidate) => candidate.contender === b && candidate.rep === run.rep && candidate.complete);
    if (other) values.push(ratio(run, other));
  }
  return spread(values);
}

function target(id: string, text: string, value: Spread, goal: number, kind: 'min' | 'max', unit: Target['unit'] = kind === 'min' ? 'x' : ''): Target {
  const met = value.n === 0 ? undefined : kind === 'min' ? value.median >= goal : value.median <= goal;
  return { id, text, value, goal, kind, unit, met };
}

/** Per adapter and round: CPU per request of each variant minus (a)'s, and the derived parts. */
function nestAdded(nest: NestRecord[]): Map<string, Array<Partial<Record<NestCostKey, number>>>> {
  const byAdapter = new Map<string, Array<Partial<Record<NestCostKey, number>>>>();
  for (const adapter of [...new Set(nest.map((record) => record.adapter))]) {
    const rounds: Array<Partial<Record<NestCostKey, number>>> = [];
    for (const round of [...new Set(nest.map((record) => record.round))]) {
      const cpu = (variant: NestVariant): number =>
        nest.find((record) => record.adapter === adapter && record.round === round && record.variant === variant && record.error === undefined)?.cpuUsPerRequest ?? NaN;
      const base = cpu('a');
      const added: Partial<Record<NestCostKey, number>> = {};
      for (const variant of ['b', 'c', 'd', 'n', 'p', 'w'] as const) added[variant] = cpu(variant) - base;
      added.further = (cpu('d') - cpu('c')) / (EVENTS_PER_REQUEST.d - EVENTS_PER_REQUEST.c);
      added.fixed = added.c! - added.further;
      rounds.push(added);
    }
    byAdapter.set(adapter, rounds);
  }
  return byAdapter;
}

function metrics(runs: RunRecord[]): Record<string, Partial<Record<Metric, Spread>>> {
  const out: Record<string, Partial<Record<Metric, Spread>>> = {};
  for (const [contender, list] of byContender(runs)) {
    const complete = list.filter((run) => run.complete);
    out[contender] = Object.fromEntries(METRICS.map((metric) => [metric, spread(complete.map((run) => run[metric]))]));
  }
  return out;
}

export function summarize(runs: RunRecord[], growth: RunRecord[], shutdown: RunRecord[], paced: RunRecord[], nest: NestRecord[], nestShutdown: NestShutdownRecord[]): Summary {
  const burst = metrics(runs);
  const shutdownSummary: Summary['shutdown'] = {};
  for (const [contender, list] of byContender(shutdown)) {
    shutdownSummary[contender] = { closeMs: spread(list.filter((run) => run.complete).map((run) => run.closeMs)), complete: list.every((run) => run.complete) };
  }
  const growthSummary: Summary['growth'] = {};
  for (const [contender, list] of byContender(growth)) {
    const sizes = [...new Set(list.map((run) => run.events))].sort((a, b) => a - b);
    growthSummary[contender] = sizes.map((events) => {
      const at = list.filter((run) => run.events === events && run.complete);
      const of = (metric: Metric): Spread => spread(at.map((run) => run[metric]));
      return { events, eventsPerSec: of('eventsPerSec'), peakRssMB: of('peakRssMB'), retainedHeapMB: of('retainedHeapMB'), trackUs: of('trackUs'), firstTenthUs: of('firstTenthUs'), lastTenthUs: of('lastTenthUs') };
    });
  }
  const nestSummary: Summary['nest'] = [];
  for (const adapter of [...new Set(nest.map((record) => record.adapter))]) {
    for (const variant of [...new Set(nest.map((record) => record.variant))]) {
      const list = nest.filter((record) => record.adapter === adapter && record.variant === variant && record.error === undefined);
      if (list.length === 0) continue;
      nestSummary.push({
        adapter,
        variant,
        requestsPerSec: spread(list.map((record) => record.requestsPerSec)),
        latencyP99Ms: spread(list.map((record) => record.latencyP99Ms)),
        lossPct: spread(list.map((record) => record.lossPct)),
        cpuUsPerRequest: spread(list.map((record) => record.cpuUsPerRequest)),
        cpuLossPct: spread(list.map((record) => record.cpuLossPct)),
        // Every answered request's events arrived; requests still in flight when the load stopped may add a few.
        allDelivered: list.every((record) => {
          const per = EVENTS_PER_REQUEST[record.variant];
          return record.delivered >= record.ok * per && record.delivered <= (record.ok + 1_000) * per;
        }),
        deliveredPct: spread(list.filter((record) => EVENTS_PER_REQUEST[record.variant] > 0).map((record) => (record.delivered / (record.ok * EVENTS_PER_REQUEST[record.variant])) * 100)),
      });
    }
  }

  // The Nest cost against the peers, the fixed part, CPU per delivered event; then the earlier goals.
  const targets: Target[] = [];
  const added = nestAdded(nest);
  const nestCost: Summary['nestCost'] = [];
  for (const [adapter, rounds] of added) {
    for (const key of Object.keys(NEST_COST_LABELS) as NestCostKey[]) {
      const value = spread(rounds.map((round) => round[key] ?? NaN));
      if (value.n > 0) nestCost.push({ adapter, key, addedUs: value });
    }
    const ratio = (peer: 'n' | 'p'): Spread => spread(rounds.map((round) => round[peer]! / round.c!));
    const candidates = [
      target(`nest-vs-analytics-node-${adapter}`, `Nest ${adapter}: added server CPU per request, analytics-node in the handler / one @Track (goal ≥ 8x)`, ratio('n'), 8, 'min'),
      target(`nest-vs-posthog-${adapter}`, `Nest ${adapter}: added server CPU per request, PostHog's interceptor / one @Track (goal ≥ 8x)`, ratio('p'), 8, 'min'),
      target(`nest-fixed-${adapter}`, `Nest ${adapter}: fixed part of the first @Track event (first minus a further one), µs (goal ≤ 10)`, spread(rounds.map((round) => round.fixed ?? NaN)), 10, 'max', 'µs'),
    ];
    targets.push(...candidates.filter((candidate) => candidate.value.n > 0));
  }
  const cpuPerEvent = (a: RunRecord, b: RunRecord): number => a.cpuUsPerEvent / b.cpuUsPerEvent;
  const client = [
    target('paced-cpu', 'CPU per delivered event, paced (as in a server): analytics-node / ours (goal ≥ 6x)', perRep(paced, 'analytics-node', 'nestjs-segment', cpuPerEvent), 6, 'min'),
    target('burst-cpu', 'CPU per delivered event, burst: analytics-node / ours (goal ≥ 15x)', perRep(runs, 'analytics-node', 'nestjs-segment', cpuPerEvent), 15, 'min'),
    target('burst-cpu-limit', 'CPU per delivered event, burst: ours / loopback limit (goal ≤ 1)', perRep(runs, 'nestjs-segment', 'limit', cpuPerEvent), 1, 'max'),
    target('track', 'track() on the caller\'s thread, burst: analytics-node µs / ours (goal ≥ 20x)', perRep(runs, 'analytics-node', 'nestjs-segment', (a, b) => a.trackUs / b.trackUs), 20, 'min'),
    target('track-thread', 'track() plus the work it leaves queued on the same thread, burst: analytics-node / ours (goal ≥ 20x)', perRep(runs, 'analytics-node', 'nestjs-segment', (a, b) => a.threadUs / b.threadUs), 20, 'min'),
    target('track-paced', 'track() on the caller\'s thread, paced (as in a server): analytics-node µs / ours (goal ≥ 20x)', perRep(paced, 'analytics-node', 'nestjs-segment', (a, b) => a.trackUs / b.trackUs), 20, 'min'),
    target('delivered', 'delivered events/s: ours / analytics-node defaults (goal ≥ 20x)', perRep(runs, 'nestjs-segment', 'analytics-node', (a, b) => a.eventsPerSec / b.eventsPerSec), 20, 'min'),
    target('limit', 'delivered events/s: ours / loopback limit (goal ≥ 0.5)', perRep(runs, 'nestjs-segment', 'limit', (a, b) => a.eventsPerSec / b.eventsPerSec), 0.5, 'min'),
    target('rss', 'peak RSS: ours / analytics-node defaults (goal ≤ 1/8 = 0.125)', perRep(runs, 'nestjs-segment', 'analytics-node', (a, b) => a.peakRssMB / b.peakRssMB), 0.125, 'max'),
  ];
  // A target without both sides measured (a smoke run has no analytics-node defaults) is left out, except the limit's.
  targets.push(...client.filter((candidate) => candidate.value.n > 0 || candidate.id === 'limit'));
  for (const adapter of [...new Set(nest.map((record) => record.adapter))]) {
    const loss = nestSummary.find((row) => row.adapter === adapter && row.variant === 'c');
    if (loss) {
      targets.push(target(`nest-${adapter}`, `Nest ${adapter}: throughput loss of (c) @Track against (a) no module, % (goal ≤ 5)`, loss.lossPct, 5, 'max', '%'));
      targets.push(target(`nest-cpu-${adapter}`, `Nest ${adapter}: the same loss from server CPU per request, % (noise-robust check)`, loss.cpuLossPct, 5, 'max', '%'));
    }
  }
  const shutdownOurs = shutdownSummary['nestjs-segment'];
  if (shutdownOurs) {
    const queued = shutdown.find((run) => run.contender === 'nestjs-segment')?.events ?? 0;
    targets.push(target('shutdown', `client close() with ${queued.toLocaleString('en-US')} queued: ms until all delivered (must deliver all)`, shutdownOurs.closeMs, Infinity, 'max', 'ms'));
    targets[targets.length - 1]!.met = shutdownOurs.complete;
  }
  for (const adapter of [...new Set(nestShutdown.map((record) => record.adapter))]) {
    const list = nestShutdown.filter((record) => record.adapter === adapter);
    const queued = list[0]?.queued ?? 0;
    targets.push(target(`shutdown-nest-${adapter}`, `Nest ${adapter} app.close() with ${queued.toLocaleString('en-US')} queued: ms (must deliver all)`, spread(list.map((record) => record.closeMs)), Infinity, 'max', 'ms'));
    targets[targets.length - 1]!.met = list.every((record) => record.complete);
  }
  return { burst, shutdown: shutdownSummary, paced: metrics(paced), growth: growthSummary, nest: nestSummary, nestCost, targets };
}
