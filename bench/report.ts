/** The Markdown view of a result document: what BENCHMARKS.md quotes between its markers. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { EVENTS_PER_REQUEST, NEST_VARIANT_LABELS, type NestVariant } from './nest-variants.js';
import { NEST_COST_LABELS, type BenchDocument, type Metric, type NestCostKey, type Target } from './summary.js';
import { noisePct, type Spread } from './stats.js';

function number(value: number, digits: number): string {
  if (!Number.isFinite(value)) return 'n/a';
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** "median (min–max)", or the median alone for a single run. */
export function cell(value: Spread | undefined, digits: number): string {
  if (value === undefined || value.n === 0) return 'n/a';
  if (value.n === 1) return number(value.median, digits);
  return `${number(value.median, digits)} (${number(value.min, digits)}–${number(value.max, digits)})`;
}

function digitsFor(value: Spread | undefined): number {
  const median = Math.abs(value?.median ?? 0);
  return median >= 100 ? 0 : median >= 10 ? 1 : 2;
}

function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]): string => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map((_, index) => (index === 0 ? '---' : '---:'))), ...rows.map(line)].join('\n');
}

function measured(target: Target | undefined): string {
  if (target === undefined) return 'n/a';
  const { value, unit } = target;
  const digits = unit === 'ms' ? 0 : Math.abs(value.median) < 1 ? 3 : unit === 'µs' ? 1 : value.median >= 100 ? 0 : 1;
  return `${cell(value, digits)}${unit === '' ? '' : unit === 'x' ? 'x' : ` ${unit}`}`;
}

function met(target: Target | undefined): string {
  return target === undefined || target.met === undefined ? 'n/a' : target.met ? 'yes' : '**no**';
}

/** Node 24.22.3 -> "Node 24". */
function nodeName(document: BenchDocument): string {
  return `Node ${document.machine.node.replace(/^v/, '').split('.')[0]}`;
}

export function renderMarkdown(document: BenchDocument): string {
  const { machine, summary } = document;
  const second = document.secondary;
  const label = (id: string): string => document.contenders.find((contender) => contender.id === id)?.label ?? id;
  const out: string[] = [];
  out.push(
    `Run: \`${document.mode}\` mode, ${document.events.toLocaleString('en-US')} events per run, ${document.reps} interleaved repetition(s), ` +
      `${document.startedAt.slice(0, 16).replace('T', ' ')} UTC, ${Math.round(document.durationSec)} s, commit ${machine.commit}.`,
    `Machine: ${machine.cpu}, ${machine.cores} CPUs, ${machine.memoryGB} GB, ${machine.os}, Node ${machine.node}; ` +
      `${machine.pinned ? 'measured process on CPU 0, sink and load generator on CPU 1 (taskset)' : 'no CPU pinning'}; ` +
      `load average ${machine.loadAvgStart[0]?.toFixed(2)} at start, ${machine.loadAvgEnd[0]?.toFixed(2)} at end (shared machine).`,
    ...(second
      ? [
          `Second column: ${nodeName(second)} (${second.machine.node}), \`${second.mode}\` plan with ${second.reps} repetition(s) and ${second.summary.nest.length > 0 ? `${Math.max(...second.nest.map((record) => record.round)) + 1} Nest round(s)` : 'no Nest runs'}, ` +
            `${second.startedAt.slice(0, 16).replace('T', ' ')} UTC, load average ${second.machine.loadAvgStart[0]?.toFixed(2)} at start, ${second.machine.loadAvgEnd[0]?.toFixed(2)} at end. The tables below the targets are ${nodeName(document)}'s.`,
        ]
      : []),
    `Figures: median (min–max) over repetitions; ratios are taken within each repetition, then summarised.`,
    '',
  );

  out.push('#### Targets', '');
  const head = nodeName(document);
  const other = second ? nodeName(second) : undefined;
  out.push(
    table(
      ['Target', `${head}: measured`, 'Noise ±%', 'Met', ...(other ? [`${other}: measured`, 'Met'] : [])],
      summary.targets.map((target) => {
        const twin = second?.summary.targets.find((candidate) => candidate.id === target.id);
        return [target.text, measured(target), number(noisePct(target.value), 1), met(target), ...(other ? [measured(twin), met(twin)] : [])];
      }),
    ),
    '',
  );

  const columns: Array<[Metric, string]> = [
    ['trackUs', 'track() µs'],
    ['threadUs', 'track() + deferred µs/call'],
    ['loopCpuUs', 'loop CPU µs/call'],
    ['blockP99Us', 'p99 µs (250-call blocks)'],
    ['deferredMs', 'deferred ms'],
    ['eventsPerSec', 'delivered events/s'],
    ['cpuUsPerEvent', 'CPU µs/event'],
    ['peakRssMB', 'peak RSS MB'],
    ['retainedHeapMB', 'heap kept after delivery MB'],
  ];
  out.push(`#### ${document.events.toLocaleString('en-US')} track() calls in one synchronous burst, then close`, '');
  out.push(
    table(
      ['Contender', ...columns.map(([, title]) => title)],
      Object.entries(summary.burst).map(([id, metrics]) => [label(id), ...columns.map(([metric]) => cell(metrics[metric], digitsFor(metrics[metric])))]),
    ),
    '',
  );
  const incomplete = document.runs.filter((run) => !run.complete);
  if (incomplete.length > 0) {
    out.push(`Incomplete runs (excluded above): ${incomplete.map((run) => `${run.contender} rep ${run.rep + 1}: ${run.received}/${run.events} received${run.error ? `, ${run.error}` : ''}`).join('; ')}.`, '');
  }

  if (Object.keys(summary.paced).length > 0) {
    const first = document.paced[0];
    out.push(`#### Paced: ${first?.events.toLocaleString('en-US')} calls at ${first?.rate?.toLocaleString('en-US')}/s in turns of 100 (the event loop turns between turns, as in a server)`, '');
    const pacedColumns: Array<[Metric, string]> = [
      ['trackUs', 'track() µs'],
      ['loopCpuUs', 'CPU µs/call'],
      ['blockP99Us', 'p99 µs (100-call turns)'],
      ['lagMs', 'sink complete after last call, ms'],
      ['cpuUsPerEvent', 'CPU µs/event'],
      ['peakRssMB', 'peak RSS MB'],
    ];
    out.push(
      table(
        ['Contender', ...pacedColumns.map(([, title]) => title)],
        Object.entries(summary.paced).map(([id, metrics]) => [label(id), ...pacedColumns.map(([metric]) => cell(metrics[metric], digitsFor(metrics[metric])))]),
      ),
      '',
    );
  }

  if (Object.keys(summary.shutdown).length > 0) {
    const events = document.shutdown[0]?.events ?? 0;
    out.push(`#### Shutdown: ${events.toLocaleString('en-US')} track() calls queued, then close() / closeAndFlush()`, '');
    out.push(
      table(
        ['Contender', 'close ms until resolved', 'all delivered'],
        Object.entries(summary.shutdown).map(([id, row]) => [label(id), cell(row.closeMs, 0), row.complete ? 'yes' : '**no**']),
      ),
      '',
    );
  }

  const growthIds = Object.keys(summary.growth);
  if (growthIds.length > 0) {
    out.push('#### Cost growth (synchronous burst of N, then close)', '');
    const ours = summary.growth['nestjs-segment'] ?? [];
    const limit = summary.growth['limit'] ?? [];
    out.push(
      table(
        ['Events', 'ours events/s', 'ours track() µs, first / last tenth', 'ours peak RSS MB', 'ours heap kept MB', 'limit events/s', 'limit peak RSS MB'],
        ours.map((row) => {
          const other = limit.find((candidate) => candidate.events === row.events);
          return [
            row.events.toLocaleString('en-US'),
            cell(row.eventsPerSec, 0),
            `${number(row.firstTenthUs.median, 2)} / ${number(row.lastTenthUs.median, 2)}`,
            cell(row.peakRssMB, 0),
            cell(row.retainedHeapMB, 2),
            cell(other?.eventsPerSec, 0),
            cell(other?.peakRssMB, 0),
          ];
        }),
      ),
      '',
    );
  }

  if (summary.nestCost.length > 0) {
    const adapters = [...new Set(summary.nestCost.map((row) => row.adapter))];
    const columns = [...adapters.map((adapter) => ({ document, adapter })), ...(second ? adapters.map((adapter) => ({ document: second, adapter })) : [])];
    out.push(`#### Nest: server CPU per request added over (a), µs (within each round, then median (min–max))`, '');
    out.push(
      table(
        ['', ...columns.map((column) => `${column.adapter}, ${nodeName(column.document)}`)],
        (Object.keys(NEST_COST_LABELS) as NestCostKey[])
          .filter((key) => summary.nestCost.some((row) => row.key === key))
          .map((key) => [
            NEST_COST_LABELS[key],
            ...columns.map((column) => {
              const row = column.document.summary.nestCost.find((candidate) => candidate.adapter === column.adapter && candidate.key === key);
              return cell(row?.addedUs, 1);
            }),
          ]),
      ),
      '',
    );
  }

  if (summary.nest.length > 0) {
    out.push('#### Nest request overhead (autocannon, 10 connections, small JSON endpoint)', '');
    const twinCpu = (adapter: string, variant: string): string => cell(second?.summary.nest.find((row) => row.adapter === adapter && row.variant === variant)?.cpuUsPerRequest, 1);
    out.push(
      table(
        ['Adapter', 'Variant', 'requests/s', 'p99 latency ms', 'loss vs (a) %', 'server CPU µs/request', ...(second ? [`server CPU µs/request, ${nodeName(second)}`] : []), 'events delivered after close, % of sent'],
        summary.nest.map((row) => [
          row.adapter,
          NEST_VARIANT_LABELS[row.variant as NestVariant] ?? row.variant,
          cell(row.requestsPerSec, 0),
          cell(row.latencyP99Ms, 1),
          row.variant === 'a' ? '' : cell(row.lossPct, 1),
          cell(row.cpuUsPerRequest, 1),
          ...(second ? [twinCpu(row.adapter, row.variant)] : []),
          EVENTS_PER_REQUEST[row.variant as NestVariant] > 0 ? `${cell(row.deliveredPct, 1)}${row.allDelivered ? '' : ' (**not all**)'}` : '',
        ]),
      ),
      '',
    );
    const failed = [...document.nest, ...(second?.nest ?? [])].filter((record) => record.error !== undefined);
    if (failed.length > 0) out.push('', `Failed Nest runs (excluded): ${failed.map((record) => `${record.adapter} ${record.variant} round ${record.round + 1}: ${record.error}`).join('; ')}.`);
    out.push('');
  }
  return out.join('\n') + '\n';
}

const START = '<!-- bench:results:start -->';
const END = '<!-- bench:results:end -->';

/** Replaces the generated section of BENCHMARKS.md (between its markers) with `markdown`. */
export function publishToBenchmarksMd(path: string, markdown: string): void {
  if (!existsSync(path)) throw new Error(`${path} does not exist; it holds the method text around the generated table.`);
  const text = readFileSync(path, 'utf8');
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  if (start < 0 || end < start) throw new Error(`${path} has no ${START} ... ${END} section to replace.`);
  writeFileSync(path, `${text.slice(0, start + START.length)}\n${markdown}${text.slice(end)}`);
}
