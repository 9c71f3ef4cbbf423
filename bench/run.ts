/**
 * `npm run bench` (quick, a few minutes), `npm run bench -- --full`, `--smoke` (the test's run).
 * Every contender runs in its own process against a sink in another; repetitions are
 * interleaved (the order rotates each repetition) so that load from other work on the
 * machine falls on every contender alike, and ratios are taken within one repetition.
 *
 * Runtimes: the whole plan runs on Node 24 (fetched into .tmp/node24 when this node is another
 * major, see node-runtime.ts), then a lighter plan on Node 20 for the second column.
 *
 * Options: --full | --smoke, --node 24,20 | current (the runtimes, headline first; smoke:
 *          current), --events N, --reps N, --no-pin, --out DIR, --only ID,ID (main
 *          contenders: nestjs-segment, nestjs-segment-gzip, analytics-node, analytics-node-tuned,
 *          limit), --no-nest, --no-growth, --no-shutdown, --no-paced, --nest-rounds N,
 *          --nest-duration SECONDS, --nest-variants a,b,c,d,n,p,w, --nest-adapters express,fastify,
 *          --profile (CPU profiles of our client and of the Nest servers' measured windows to
 *          DIR/profiles), --publish (write bench/benchmarks.{json,svg} and the table in
 *          BENCHMARKS.md), --render FILE.json.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, freemem, loadavg, platform, release, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { renderChart } from './chart.js';
import { ANALYTICS_NODE, ANALYTICS_NODE_TUNED, LIMIT, OURS, OURS_GZIP, runClient, type Contender, type RunRecord } from './client-runs.js';
import { runNest, type NestPlan } from './nest-runs.js';
import type { NestVariant } from './nest-variants.js';
import { nodeRuntime, type NodeRuntime } from './node-runtime.js';
import { cpuFor, useNodeBinary } from './proc.js';
import { renderMarkdown, publishToBenchmarksMd } from './report.js';
import { summarize, type BenchDocument, type Machine } from './summary.js';

const ROOT = resolve(import.meta.dirname, '..', '..', '..');

interface Plan {
  mode: BenchDocument['mode'];
  events: number;
  reps: number;
  contenders: Contender[];
  growthSizes: number[];
  growthReps: number;
  shutdownEvents: number;
  shutdownContenders: Contender[];
  pacedEvents: number;
  pacedRate: number;
  pacedContenders: Contender[];
  runTimeoutMs: number;
  nest: NestPlan | undefined;
}

const ALL_VARIANTS: NestVariant[] = ['a', 'b', 'c', 'd', 'n', 'p', 'w'];

function plan(values: ReturnType<typeof parse>['values']): Plan {
  const mode: Plan['mode'] = values.smoke ? 'smoke' : values.full ? 'full' : 'quick';
  const base: Record<Plan['mode'], Plan> = {
    smoke: {
      // analytics-node with flushInterval 500 ms: its default 10 s interval would make close() wait 10 s.
      mode, events: 1_000, reps: 1, contenders: [OURS, ANALYTICS_NODE_TUNED, LIMIT], growthSizes: [1_000], growthReps: 1,
      shutdownEvents: 1_000, shutdownContenders: [OURS], pacedEvents: 1_000, pacedRate: 10_000, pacedContenders: [OURS], runTimeoutMs: 60_000,
      nest: { adapters: ['express', 'fastify'], variants: ['a', 'c', 'd', 'n', 'p'], rounds: 1, warmupSec: 0, durationSec: 1, connections: 10, rate: 0, shutdownQueue: 1_000 },
    },
    quick: {
      mode, events: 10_000, reps: 2, contenders: [OURS, ANALYTICS_NODE, ANALYTICS_NODE_TUNED, LIMIT], growthSizes: [1_000, 10_000, 100_000], growthReps: 1,
      shutdownEvents: 10_000, shutdownContenders: [OURS, ANALYTICS_NODE], pacedEvents: 10_000, pacedRate: 10_000, pacedContenders: [OURS, ANALYTICS_NODE], runTimeoutMs: 60_000,
      nest: { adapters: ['express', 'fastify'], variants: ALL_VARIANTS, rounds: 1, warmupSec: 1, durationSec: 3, connections: 10, rate: 0, shutdownQueue: 10_000 },
    },
    full: {
      mode, events: 100_000, reps: 3, contenders: [OURS, ANALYTICS_NODE, ANALYTICS_NODE_TUNED, LIMIT, OURS_GZIP], growthSizes: [1_000, 10_000, 100_000, 1_000_000], growthReps: 1,
      shutdownEvents: 10_000, shutdownContenders: [OURS, ANALYTICS_NODE], pacedEvents: 100_000, pacedRate: 10_000, pacedContenders: [OURS, ANALYTICS_NODE], runTimeoutMs: 300_000,
      // More, shorter Nest rounds: on a shared machine the median of more rounds is steadier than a few long ones.
      nest: { adapters: ['express', 'fastify'], variants: ALL_VARIANTS, rounds: 4, warmupSec: 2, durationSec: 6, connections: 10, rate: 0, shutdownQueue: 10_000 },
    },
  };
  const chosen = base[mode];
  if (values.events !== undefined) chosen.events = Number(values.events);
  if (values.reps !== undefined) chosen.reps = Number(values.reps);
  if (values['no-nest']) chosen.nest = undefined;
  if (values['no-growth']) chosen.growthSizes = [];
  if (values['no-shutdown']) chosen.shutdownContenders = [];
  if (values['no-paced']) chosen.pacedContenders = [];
  if (chosen.nest && values['nest-rounds'] !== undefined) chosen.nest.rounds = Number(values['nest-rounds']);
  if (chosen.nest && values['nest-duration'] !== undefined) chosen.nest.durationSec = Number(values['nest-duration']);
  if (chosen.nest && values['nest-rate'] !== undefined) chosen.nest.rate = Number(values['nest-rate']);
  if (chosen.nest && values['nest-variants'] !== undefined) chosen.nest.variants = values['nest-variants'].split(',') as NestVariant[];
  if (chosen.nest && values['nest-adapters'] !== undefined) chosen.nest.adapters = values['nest-adapters'].split(',') as NestPlan['adapters'];
  if (values.only !== undefined) {
    const ids = values.only.split(',');
    const known = [OURS, OURS_GZIP, ANALYTICS_NODE, ANALYTICS_NODE_TUNED, LIMIT];
    chosen.contenders = known.filter((contender) => ids.includes(contender.id));
  }
  return chosen;
}

/**
 * The second runtime's plan (Node 20's column): the same measurements the targets need, fewer
 * of them (no gzip, tuned or growth runs, one Nest round less), so the whole run stays short.
 */
function secondaryPlan(primary: Plan): Plan {
  if (primary.mode === 'smoke') return primary;
  return {
    ...primary,
    reps: Math.min(primary.reps, 2),
    contenders: primary.contenders.filter((contender) => contender !== OURS_GZIP && contender !== ANALYTICS_NODE_TUNED),
    growthSizes: [],
    shutdownContenders: [],
    nest: primary.nest && { ...primary.nest, rounds: Math.max(1, primary.nest.rounds - 2), shutdownQueue: 0 },
  };
}

function parse() {
  return parseArgs({
    options: {
      full: { type: 'boolean' },
      smoke: { type: 'boolean' },
      events: { type: 'string' },
      reps: { type: 'string' },
      'no-pin': { type: 'boolean' },
      'no-nest': { type: 'boolean' },
      out: { type: 'string' },
      profile: { type: 'boolean' },
      publish: { type: 'boolean' },
      render: { type: 'string' },
      only: { type: 'string' },
      'no-growth': { type: 'boolean' },
      'no-shutdown': { type: 'boolean' },
      'no-paced': { type: 'boolean' },
      'nest-rounds': { type: 'string' },
      'nest-duration': { type: 'string' },
      'nest-variants': { type: 'string' },
      'nest-rate': { type: 'string' },
      'nest-adapters': { type: 'string' },
      node: { type: 'string' },
    },
  });
}

/** Each repetition starts one further along the list: no contender always runs first or last. */
function rotated<T>(items: T[], by: number): T[] {
  const shift = by % items.length;
  return [...items.slice(shift), ...items.slice(0, shift)];
}

function log(line: string): void {
  process.stderr.write(`[bench] ${line}\n`);
}

function describeRun(run: RunRecord): string {
  if (!run.complete) return `${run.contender} ${run.events}: INCOMPLETE (${run.received} received) ${run.error ?? ''}`;
  return `${run.contender.padEnd(22)} ${String(run.events).padStart(8)}: track ${run.trackUs.toFixed(2)} µs, ${Math.round(run.eventsPerSec)} ev/s, peak RSS ${run.peakRssMB.toFixed(0)} MB, close ${run.closeMs.toFixed(0)} ms`;
}

function packageVersion(name: string): string {
  try {
    return (JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

/**
 * The commit whose code is measured, read when the run starts (the processes load what was
 * compiled then, whatever the tree's HEAD is by the end); '+dirty-lib' when lib/ had changes.
 */
function measuredCommit(): string {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    return execFileSync('git', ['status', '--porcelain', '--', 'lib'], { cwd: ROOT, encoding: 'utf8' }).trim() === '' ? commit : `${commit}+dirty-lib`;
  } catch {
    return 'unknown';
  }
}

const COMMIT_AT_START = measuredCommit();

function machine(runtime: NodeRuntime, pin: boolean, loadAvgStart: number[]): Machine {
  const commit = COMMIT_AT_START;
  return {
    node: runtime.version,
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGB: Math.round(totalmem() / 2 ** 30),
    os: `${platform()} ${release()}`,
    pinned: cpuFor('measured', pin) !== undefined,
    loadAvgStart,
    loadAvgEnd: loadavg(),
    commit,
    analyticsNode: packageVersion('@segment/analytics-node'),
    undici: packageVersion('undici'),
    autocannon: packageVersion('autocannon'),
    posthogNode: packageVersion('posthog-node'),
  };
}

function writeOutputs(document: BenchDocument, outDir: string, publish: boolean): void {
  mkdirSync(outDir, { recursive: true });
  const stamp = document.startedAt.replace(/[:.]/g, '-');
  const markdown = renderMarkdown(document);
  const svg = renderChart(document);
  for (const name of [`${document.mode}-${stamp}`, 'latest']) {
    writeFileSync(join(outDir, `${name}.json`), JSON.stringify(document, null, 2) + '\n');
    writeFileSync(join(outDir, `${name}.md`), markdown);
    writeFileSync(join(outDir, `${name}.svg`), svg);
  }
  log(`results: ${join(outDir, `${document.mode}-${stamp}.{json,md,svg}`)}`);
  if (publish) {
    writeFileSync(join(ROOT, 'bench', 'benchmarks.json'), JSON.stringify(document, null, 2) + '\n');
    writeFileSync(join(ROOT, 'bench', 'benchmarks.svg'), svg);
    publishToBenchmarksMd(join(ROOT, 'BENCHMARKS.md'), markdown);
    log('published: bench/benchmarks.json, bench/benchmarks.svg, BENCHMARKS.md (generated section)');
  }
}

/** The summary derived again from a document's raw records (older documents lack some fields). */
function resummarize(document: BenchDocument): void {
  document.paced ??= [];
  document.nestShutdown ??= [];
  for (const run of [...document.runs, ...document.growth, ...document.shutdown, ...document.paced]) {
    run.threadUs ??= run.mode === 'paced' ? NaN : run.trackUs + (run.deferredMs * 1000) / run.events;
  }
  document.summary = summarize(document.runs, document.growth, document.shutdown, document.paced, document.nest, document.nestShutdown);
}

async function main(): Promise<void> {
  const { values } = parse();
  const outDir = resolve(values.out ?? join(ROOT, 'bench', 'results'));
  if (values.render) {
    // The summary is derived again from the raw records, so a change in how it is derived applies.
    const document = JSON.parse(readFileSync(values.render, 'utf8')) as BenchDocument;
    for (const one of [document, ...(document.secondary ? [document.secondary] : [])]) resummarize(one);
    writeOutputs(document, outDir, values.publish ?? false);
    return;
  }
  const primary = plan(values);
  const specs = (values.node ?? (primary.mode === 'smoke' ? 'current' : '24,20')).split(',');
  const runtimes = specs.map((spec) => nodeRuntime(spec.trim(), ROOT, log)).filter((runtime, index, all) => all.findIndex((other) => other.major === runtime.major) === index);
  const pin = !values['no-pin'];
  const profileDir = values.profile ? join(outDir, 'profiles') : undefined;
  const documents: BenchDocument[] = [];
  for (const [index, runtime] of runtimes.entries()) {
    useNodeBinary(runtime.execPath);
    const chosen = index === 0 ? primary : secondaryPlan(primary);
    // Profiles are of the headline runtime only.
    documents.push(await measureOn(runtime, chosen, pin, index === 0 ? profileDir : undefined));
    // The headline's results are kept (and published) before the second runtime starts: a run cut short still has them.
    if (index === 0 && runtimes.length > 1) writeOutputs(documents[0]!, outDir, values.publish ?? false);
  }
  const document = documents[0]!;
  if (documents.length > 1) document.secondary = documents[1];
  document.durationSec = documents.reduce((sum, one) => sum + one.durationSec, 0);
  writeOutputs(document, outDir, values.publish ?? false);
  process.stdout.write(renderMarkdown(document));
  log(`done in ${document.durationSec.toFixed(0)} s`);
}

async function measureOn(runtime: NodeRuntime, chosen: Plan, pin: boolean, profileDir: string | undefined): Promise<BenchDocument> {
  const startedAt = new Date();
  const loadAvgStart = loadavg();
  const options = { pin, timeoutMs: chosen.runTimeoutMs, profileDir };
  log(`Node ${runtime.version}, ${chosen.mode}: ${chosen.events} events x ${chosen.reps} reps, pinned: ${cpuFor('measured', pin) !== undefined}, load ${loadAvgStart.map((v) => v.toFixed(2)).join(' ')}, free ${Math.round(freemem() / 2 ** 20)} MB`);

  const runs: RunRecord[] = [];
  for (let rep = 0; rep < chosen.reps; rep++) {
    for (const contender of rotated(chosen.contenders, rep)) {
      const run = await runClient(contender, chosen.events, 'burst', rep, { ...options, profileDir: contender === OURS ? profileDir : undefined });
      runs.push(run);
      log(`rep ${rep + 1}/${chosen.reps} ${describeRun(run)}`);
    }
  }

  const shutdown: RunRecord[] = [];
  for (let rep = 0; rep < chosen.reps; rep++) {
    for (const contender of rotated(chosen.shutdownContenders, rep)) {
      const run = await runClient(contender, chosen.shutdownEvents, 'shutdown', rep, { ...options, profileDir: undefined });
      shutdown.push(run);
      log(`shutdown ${describeRun(run)}`);
    }
  }

  const paced: RunRecord[] = [];
  for (let rep = 0; rep < chosen.reps; rep++) {
    for (const contender of rotated(chosen.pacedContenders, rep)) {
      const run = await runClient(contender, chosen.pacedEvents, 'paced', rep, { ...options, profileDir: contender === OURS ? profileDir : undefined, rate: chosen.pacedRate });
      paced.push(run);
      log(`paced ${describeRun(run)}, p99 ${run.blockP99Us.toFixed(2)} µs, lag ${run.lagMs.toFixed(0)} ms`);
    }
  }

  const growth: RunRecord[] = [];
  for (let rep = 0; rep < chosen.growthReps; rep++) {
    for (const events of chosen.growthSizes) {
      for (const contender of rotated([OURS, LIMIT], rep)) {
        const run = await runClient(contender, events, 'burst', rep, { ...options, profileDir: undefined });
        growth.push(run);
        log(`growth ${describeRun(run)}`);
      }
    }
  }

  const { records: nest, shutdown: nestShutdown } = chosen.nest ? await runNest(chosen.nest, { pin, log, profileDir }) : { records: [], shutdown: [] };

  const document: BenchDocument = {
    version: 1,
    startedAt: startedAt.toISOString(),
    durationSec: (Date.now() - startedAt.getTime()) / 1000,
    mode: chosen.mode,
    events: chosen.events,
    reps: chosen.reps,
    machine: machine(runtime, pin, loadAvgStart),
    contenders: [...new Set([...chosen.contenders, ...chosen.shutdownContenders, OURS, LIMIT])].map(({ id, label }) => ({ id, label })),
    runs,
    growth,
    shutdown,
    paced,
    nest,
    nestShutdown,
    summary: summarize(runs, growth, shutdown, paced, nest, nestShutdown),
  };
  log(`Node ${runtime.version} done in ${document.durationSec.toFixed(0)} s`);
  return document;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
