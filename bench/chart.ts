/**
 * The SVG chart of a result document, drawn from the JSON alone (no dependency): bars with
 * min–max whiskers for the main burst, lines for cost growth, bars for Nest (the CPU each way
 * of sending adds to a request, and throughput).
 */
import { CALIBRATION_US, type NestVariant } from './nest-variants.js';
import type { BenchDocument, Metric, NestCostKey } from './summary.js';
import type { Spread } from './stats.js';

const WIDTH = 960;
const FONT = 'font-family="system-ui, -apple-system, Segoe UI, Roboto, sans-serif"';
const COLORS: Record<string, string> = {
  'nestjs-segment': '#2563eb',
  'nestjs-segment-gzip': '#60a5fa',
  'analytics-node': '#dc2626',
  'analytics-node-tuned': '#f97316',
  limit: '#6b7280',
};
const SHORT: Record<string, string> = {
  'nestjs-segment': 'nestjs-segment',
  'nestjs-segment-gzip': 'nestjs-segment, gzip',
  'analytics-node': 'analytics-node 3.1.0',
  'analytics-node-tuned': 'analytics-node, flushAt 100 / 500 ms',
  limit: 'loopback limit',
};

const NEST_COLORS: Record<NestVariant, string> = { a: '#9ca3af', b: '#93c5fd', c: '#2563eb', d: '#1e40af', n: '#dc2626', p: '#7c3aed', w: '#d1d5db' };
const NEST_SHORT: Partial<Record<NestCostKey, string>> = {
  b: 'SegmentModule, no decorator',
  c: 'one @Track',
  d: 'five @Track',
  n: 'analytics-node in the handler',
  p: 'PostHog interceptor',
  w: `calibration: handler +${CALIBRATION_US} µs`,
};

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function format(value: number): string {
  if (!Number.isFinite(value)) return 'n/a';
  if (value === 0) return '0';
  if (value >= 1_000_000) return `${Number((value / 1_000_000).toFixed(1))}M`;
  if (value >= 10_000) return `${(value / 1000).toFixed(value >= 100_000 ? 0 : 1)}k`;
  if (value >= 100) return value.toFixed(0);
  if (value >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

function text(x: number, y: number, content: string, attributes = ''): string {
  return `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" ${attributes}>${escape(content)}</text>`;
}

/** Horizontal bars, one per row, with a min–max whisker; returns the SVG and its height. */
function barPanel(top: number, title: string, rows: Array<{ label: string; color: string; value: Spread }>): { svg: string; height: number } {
  const labelWidth = 250;
  const barWidth = WIDTH - labelWidth - 110;
  const rowHeight = 22;
  const max = Math.max(...rows.map((row) => (Number.isFinite(row.value.max) ? row.value.max : 0)), 1e-9);
  const parts = [text(20, top + 18, title, 'font-size="14" font-weight="600"')];
  rows.forEach((row, index) => {
    const y = top + 30 + index * rowHeight;
    const width = Number.isFinite(row.value.median) ? (row.value.median / max) * barWidth : 0;
    parts.push(text(labelWidth - 8, y + 14, row.label, 'font-size="12" text-anchor="end"'));
    parts.push(`<rect x="${labelWidth}" y="${y + 3}" width="${Math.max(width, 1).toFixed(1)}" height="${rowHeight - 6}" fill="${row.color}" rx="2"/>`);
    if (row.value.n > 1) {
      const x1 = labelWidth + (row.value.min / max) * barWidth;
      const x2 = labelWidth + (row.value.max / max) * barWidth;
      parts.push(`<path d="M${x1.toFixed(1)} ${y + 11}H${x2.toFixed(1)}M${x1.toFixed(1)} ${y + 7}V${y + 15}M${x2.toFixed(1)} ${y + 7}V${y + 15}" stroke="#111827" stroke-width="1"/>`);
    }
    const end = labelWidth + Math.max(width, Number.isFinite(row.value.max) && row.value.n > 1 ? (row.value.max / max) * barWidth : 0);
    parts.push(text(end + 6, y + 14, format(row.value.median), 'font-size="12"'));
  });
  return { svg: parts.join('\n'), height: 30 + rows.length * rowHeight + 14 };
}

interface Series {
  label: string;
  color: string;
  points: Array<{ x: number; y: number }>;
}

/** A line chart with a log x axis (events) and a linear or log y axis. */
function linePanel(left: number, top: number, width: number, height: number, title: string, series: Series[], logY: boolean): string {
  const parts = [text(left, top + 16, title, 'font-size="14" font-weight="600"')];
  const plot = { x: left + 50, y: top + 30, w: width - 70, h: height - 70 };
  const xs = series.flatMap((line) => line.points.map((point) => point.x));
  const ys = series.flatMap((line) => line.points.map((point) => point.y)).filter((value) => Number.isFinite(value) && value > 0);
  if (xs.length === 0 || ys.length === 0) return parts.join('\n');
  const [xMin, xMax] = [Math.log10(Math.min(...xs)), Math.log10(Math.max(...xs))];
  const yTop = Math.max(...ys) * 1.15;
  const yBottom = logY ? Math.min(...ys) / 1.5 : 0;
  const sx = (x: number): number => plot.x + (xMax === xMin ? plot.w / 2 : ((Math.log10(x) - xMin) / (xMax - xMin)) * plot.w);
  const sy = (y: number): number =>
    logY ? plot.y + plot.h - ((Math.log10(y) - Math.log10(yBottom)) / (Math.log10(yTop) - Math.log10(yBottom))) * plot.h : plot.y + plot.h - ((y - yBottom) / (yTop - yBottom)) * plot.h;
  parts.push(`<path d="M${plot.x} ${plot.y}V${plot.y + plot.h}H${plot.x + plot.w}" stroke="#9ca3af" fill="none"/>`);
  for (const x of [...new Set(xs)].sort((a, b) => a - b)) {
    parts.push(text(sx(x), plot.y + plot.h + 16, format(x), 'font-size="11" text-anchor="middle"'));
  }
  const ticks = logY ? logTicks(yBottom, yTop) : linearTicks(yTop);
  for (const tick of ticks) {
    parts.push(`<path d="M${plot.x - 4} ${sy(tick).toFixed(1)}H${plot.x + plot.w}" stroke="#e5e7eb"/>`);
    parts.push(text(plot.x - 6, sy(tick) + 4, format(tick), 'font-size="11" text-anchor="end"'));
  }
  parts.push(text(plot.x + plot.w / 2, plot.y + plot.h + 32, 'events in the burst (log scale)', 'font-size="11" text-anchor="middle" fill="#4b5563"'));
  series.forEach((line, index) => {
    const points = line.points.filter((point) => Number.isFinite(point.y) && point.y > 0);
    if (points.length === 0) return;
    parts.push(`<polyline points="${points.map((point) => `${sx(point.x).toFixed(1)},${sy(point.y).toFixed(1)}`).join(' ')}" fill="none" stroke="${line.color}" stroke-width="2"/>`);
    for (const point of points) parts.push(`<circle cx="${sx(point.x).toFixed(1)}" cy="${sy(point.y).toFixed(1)}" r="3" fill="${line.color}"/>`);
    parts.push(`<rect x="${plot.x + 10}" y="${plot.y + 4 + index * 16}" width="10" height="10" fill="${line.color}"/>`);
    parts.push(text(plot.x + 24, plot.y + 13 + index * 16, line.label, 'font-size="11"'));
  });
  return parts.join('\n');
}

/** 0 and round steps (1, 2 or 5 times a power of ten) up to `high`. */
function linearTicks(high: number): number[] {
  const rough = high / 4;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((factor) => factor * power).find((candidate) => candidate >= rough) ?? rough;
  const ticks: number[] = [];
  for (let value = 0; value <= high; value += step) ticks.push(value);
  return ticks;
}

function logTicks(low: number, high: number): number[] {
  const ticks: number[] = [];
  for (let power = Math.floor(Math.log10(low)); power <= Math.ceil(Math.log10(high)); power++) {
    for (const step of [1, 2, 5]) {
      const value = step * 10 ** power;
      if (value >= low && value <= high) ticks.push(value);
    }
  }
  return ticks;
}

export function renderChart(document: BenchDocument): string {
  const { summary } = document;
  const order = ['nestjs-segment', 'nestjs-segment-gzip', 'analytics-node-tuned', 'analytics-node', 'limit'];
  const ids = order.filter((id) => summary.burst[id] !== undefined);
  const rows = (metric: Metric, include: (id: string) => boolean = () => true) =>
    ids.filter(include).map((id) => ({ label: SHORT[id] ?? id, color: COLORS[id] ?? '#111827', value: summary.burst[id]![metric]! }));
  const events = document.events.toLocaleString('en-US');
  const parts: string[] = [];
  let y = 50;
  for (const [metric, title, include] of [
    ['trackUs', `track() on the caller's thread, µs per call (lower is better)`, (id: string) => id !== 'limit'],
    ['threadUs', `track() plus the work it leaves queued on the same thread (microtasks), µs per call`, (id: string) => id !== 'limit'],
    ['eventsPerSec', `Delivered events/s, ${events}-event burst until the sink has all (higher is better)`, () => true],
    ['cpuUsPerEvent', `Client process CPU per delivered event in that burst, µs (lower is better)`, () => true],
    ['peakRssMB', `Peak RSS of the client process, MB (lower is better)`, () => true],
  ] as Array<[Metric, string, (id: string) => boolean]>) {
    const panel = barPanel(y, title, rows(metric, include));
    parts.push(panel.svg);
    y += panel.height;
  }

  const growth = summary.growth;
  const half = WIDTH / 2;
  const lineHeight = 250;
  if (Object.keys(growth).length > 0) {
    const series = (id: string, pick: (row: (typeof growth)[string][number]) => Spread, suffix = ''): Series => ({
      label: `${SHORT[id] ?? id}${suffix}`,
      color: COLORS[id] ?? '#111827',
      points: (growth[id] ?? []).map((row) => ({ x: row.events, y: pick(row).median })),
    });
    parts.push(linePanel(20, y, half - 20, lineHeight, 'Cost growth: delivered events/s', [series('nestjs-segment', (row) => row.eventsPerSec), series('limit', (row) => row.eventsPerSec)], false));
    parts.push(linePanel(half + 10, y, half - 20, lineHeight, 'Cost growth: peak RSS MB (log scale)', [series('nestjs-segment', (row) => row.peakRssMB), series('limit', (row) => row.peakRssMB)], true));
    y += lineHeight;
  }

  const costKeys: NestCostKey[] = ['w', 'c', 'd', 'n', 'p'];
  const costRows = (summary.nestCost ?? [])
    .filter((row) => costKeys.includes(row.key))
    .sort((a, b) => a.adapter.localeCompare(b.adapter) || costKeys.indexOf(a.key) - costKeys.indexOf(b.key))
    .map((row) => ({ label: `${row.adapter}: ${NEST_SHORT[row.key]}`, color: NEST_COLORS[row.key as NestVariant], value: row.addedUs }));
  if (costRows.length > 0) {
    const panel = barPanel(y, 'Nest: server CPU per request added over a bare app, µs (lower is better)', costRows);
    parts.push(panel.svg);
    y += panel.height;
  }

  if (summary.nest.length > 0) {
    const nestRows = summary.nest.map((row) => ({
      label: `${row.adapter} ${NEST_SHORT[row.variant as NestCostKey] ?? 'no analytics'}`,
      color: NEST_COLORS[row.variant as NestVariant] ?? '#111827',
      value: row.requestsPerSec,
    }));
    const panel = barPanel(y, 'Nest request throughput, requests/s (autocannon; higher is better)', nestRows);
    parts.push(panel.svg);
    y += panel.height;
  }

  const { machine } = document;
  const peers = `analytics-node ${machine.analyticsNode}${machine.posthogNode ? ` and posthog-node ${machine.posthogNode}` : ''}`;
  const title = `nestjs-segment vs ${peers}, Node ${machine.node.replace(/^v/, '')}, ${document.mode} run`;
  const footer = `${machine.cpu}, ${machine.cores} CPUs, Node ${machine.node}, ${document.startedAt.slice(0, 10)}; ${events} events per client run, ${document.reps} repetition(s); bars: median, whiskers: min–max over repetitions`;
  const height = y + 30;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" ${FONT} fill="#111827">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    text(20, 28, title, 'font-size="16" font-weight="700"'),
    ...parts,
    text(20, height - 10, footer, 'font-size="11" fill="#4b5563"'),
    '</svg>',
    '',
  ].join('\n');
}
