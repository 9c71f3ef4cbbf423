/**
 * Where the time went in a V8 .cpuprofile (from `npm run bench -- --profile`): self time by
 * function and by area (our lib/core and lib/nest, undici, Nest, the adapters, Node internals,
 * GC). A Nest server's profile covers the measured window only and has a FILE.json beside it
 * with the window's requests: times are then also given per request. With `--against BASE`
 * (e.g. the same adapter's variant (a)) the per-request difference is listed, function by
 * function: what a variant adds to each request. Usage:
 *   node .tmp/bench/bench/profile-summary.js FILE.cpuprofile [--top 30] [--against BASE.cpuprofile] [--fold]
 * `--fold` gives a native frame's time to the script function that called it.
 *   node .tmp/bench/bench/profile-summary.js --decompose DIR express|fastify [--fold]
 * splits the first @Track event of a request into its fixed part and the cost of a further event,
 * from the (a), (c) and (d) profiles in DIR (every round of each, pooled).
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

function area(url: string, name: string): string {
  if (name === '(garbage collector)') return 'GC';
  if (name === '(idle)') return 'idle';
  if (name === '(program)') return 'V8/native (program)';
  if (url.includes('node_modules/undici/')) return 'undici';
  if (url.includes('node_modules/')) return `node_modules/${packageOf(url)}`;
  if (url.includes('/lib/core/')) return 'nestjs-segment lib/core';
  if (url.includes('/lib/nest/')) return 'nestjs-segment lib/nest';
  if (url.includes('/bench/')) return 'bench harness (payload, loop, app)';
  if (url.startsWith('node:')) return 'Node internals';
  if (url === '') return 'native / builtins';
  return 'other';
}

function packageOf(url: string): string {
  const [first = '', second = ''] = url.slice(url.lastIndexOf('node_modules/') + 'node_modules/'.length).split('/');
  return first.startsWith('@') ? `${first}/${second}` : first;
}

function short(url: string): string {
  const index = url.search(/(lib|bench|node_modules)\//);
  return index >= 0 ? url.slice(index) : url;
}

interface SelfTimes {
  /** Sampled time of the whole profile and of its busy part (not idle), µs. */
  totalUs: number;
  busyUs: number;
  byFunction: Map<string, number>;
  byArea: Map<string, number>;
  /** Requests of the profiled window, when known (a Nest server's profile). */
  requests: number | undefined;
}

/** Frames with no script: natives and builtins (writeUtf8String, JSON.stringify), and V8's own pseudo-frames. */
const PSEUDO = new Set(['(idle)', '(program)', '(garbage collector)', '(root)']);

/**
 * Self time by function and by area. With `fold`, a native frame's time goes to the nearest
 * script frame above it (JSON.stringify to the serializer that called it, a socket write to
 * whoever wrote), so that a function's figure is what calling it costs. The profiler's own
 * stop (node:inspector) is left out: it falls inside the profiled window but is no request's.
 */
function selfTimes(profile: Profile, requests: number | undefined, fold = false): SelfTimes {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const self = new Map<number, number>();
  profile.samples.forEach((id, index) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0)));
  const owner = (id: number): ProfileNode => {
    let node = byId.get(id)!;
    if (!fold || node.callFrame.url !== '' || PSEUDO.has(node.callFrame.functionName)) return node;
    for (let up = parent.get(node.id); up !== undefined; up = parent.get(up)) {
      const candidate = byId.get(up)!;
      if (candidate.callFrame.url !== '') return candidate;
    }
    return node;
  };
  let busyUs = 0;
  const byFunction = new Map<string, number>();
  const byArea = new Map<string, number>();
  for (const [id, us] of self) {
    const { functionName, url, lineNumber } = owner(id).callFrame;
    if (url === 'node:inspector') continue;
    if (functionName !== '(idle)') busyUs += us;
    const key = `${functionName || '(anonymous)'}  ${short(url)}${url ? `:${lineNumber + 1}` : ''}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + us);
    const group = area(url, functionName);
    byArea.set(group, (byArea.get(group) ?? 0) + us);
  }
  return { totalUs: profile.endTime - profile.startTime, busyUs, byFunction, byArea, requests };
}

/** Several profiles (the rounds of one variant) as one: their times and requests added up. */
function pooled(all: SelfTimes[]): SelfTimes {
  const add = (maps: Array<Map<string, number>>): Map<string, number> => {
    const sum = new Map<string, number>();
    for (const map of maps) for (const [key, us] of map) sum.set(key, (sum.get(key) ?? 0) + us);
    return sum;
  };
  return {
    totalUs: all.reduce((sum, one) => sum + one.totalUs, 0),
    busyUs: all.reduce((sum, one) => sum + one.busyUs, 0),
    byFunction: add(all.map((one) => one.byFunction)),
    byArea: add(all.map((one) => one.byArea)),
    requests: all.reduce((sum, one) => sum + (one.requests ?? Number.NaN), 0),
  };
}

export function summarizeProfile(profile: Profile, top: number, requests?: number, fold = false): string {
  const times = selfTimes(profile, requests, fold);
  const { busyUs, byFunction, byArea } = times;
  const perRequest = (us: number): string => (requests ? `  ${(us / requests).toFixed(2).padStart(7)} µs/req` : '');
  const pct = (us: number): string => `${((us / busyUs) * 100).toFixed(1).padStart(5)} %  ${(us / 1000).toFixed(1).padStart(8)} ms${perRequest(us)}`;
  const lines = [
    `profile: ${(times.totalUs / 1000).toFixed(0)} ms, busy (not idle) ${(busyUs / 1000).toFixed(0)} ms${requests ? `, ${requests} requests: ${(busyUs / requests).toFixed(1)} µs busy per request` : ''}; shares are of busy time`,
    '',
    'by area:',
  ];
  for (const [name, us] of [...byArea].sort((a, b) => b[1] - a[1])) if (name !== 'idle') lines.push(`  ${pct(us)}  ${name}`);
  lines.push('', `top ${top} functions by self time:`);
  for (const [name, us] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top)) lines.push(`  ${pct(us)}  ${name}`);
  return lines.join('\n') + '\n';
}

/** Per request, what `profile` spends beyond `base` (both with their windows' request counts). */
export function compareProfiles(profile: Profile, requests: number, base: Profile, baseRequests: number, top: number, fold = false): string {
  const ours = selfTimes(profile, requests, fold);
  const theirs = selfTimes(base, baseRequests, fold);
  const delta = (mine: Map<string, number>, other: Map<string, number>): Array<[string, number]> =>
    [...new Set([...mine.keys(), ...other.keys()])].map((key) => [key, (mine.get(key) ?? 0) / requests - (other.get(key) ?? 0) / baseRequests] as [string, number]);
  const row = ([name, us]: [string, number]): string => `  ${(us >= 0 ? '+' : '') + us.toFixed(2).padStart(7)} µs/req  ${name}`;
  const lines = [
    `busy per request: ${(ours.busyUs / requests).toFixed(1)} µs against ${(theirs.busyUs / baseRequests).toFixed(1)} µs: ${((ours.busyUs / requests) - (theirs.busyUs / baseRequests)).toFixed(1)} µs added`,
    '',
    'added by area:',
    ...delta(ours.byArea, theirs.byArea).filter(([name]) => name !== 'idle').sort((a, b) => b[1] - a[1]).map(row),
    '',
    `top ${top} functions by added self time per request:`,
    ...delta(ours.byFunction, theirs.byFunction).filter(([name]) => !name.startsWith('(idle)')).sort((a, b) => b[1] - a[1]).slice(0, top).map(row),
  ];
  return lines.join('\n') + '\n';
}

/**
 * The first event of a request split in two, function by function, from three Nest server
 * profiles of one adapter: (a) no analytics, (c) one @Track, (d) five. Per further event:
 * ((d) − (c)) / 4; the fixed part: ((c) − (a)) − a further event (request context, decorator
 * wrapper, whatever only the first event of a request pays).
 */
export function decomposeFirstEvent(rounds: Record<'a' | 'c' | 'd', Array<{ profile: Profile; requests: number }>>, top: number, fold = false): string {
  const [a, c, d] = (['a', 'c', 'd'] as const).map((variant) => pooled(rounds[variant].map(({ profile, requests }) => selfTimes(profile, requests, fold))));
  const keys = (pick: (times: SelfTimes) => Map<string, number>): string[] => [...new Set([a!, c!, d!].flatMap((times) => [...pick(times).keys()]))];
  const split = (pick: (times: SelfTimes) => Map<string, number>) =>
    keys(pick).map((key) => {
      const per = (times: SelfTimes): number => (pick(times).get(key) ?? 0) / times.requests!;
      const further = (per(d!) - per(c!)) / 4;
      const first = per(c!) - per(a!);
      return { key, first, further, fixed: first - further };
    });
  const row = ({ key, first, further, fixed }: { key: string; first: number; further: number; fixed: number }): string =>
    `  ${fixed.toFixed(2).padStart(7)}  ${first.toFixed(2).padStart(7)}  ${further.toFixed(2).padStart(7)}   ${key}`;
  const busy = (times: SelfTimes): number => times.busyUs / times.requests!;
  const furtherBusy = (busy(d!) - busy(c!)) / 4;
  const lines = [
    `busy µs per request: (a) ${busy(a!).toFixed(1)}, (c) ${busy(c!).toFixed(1)}, (d) ${busy(d!).toFixed(1)}; first event ${(busy(c!) - busy(a!)).toFixed(1)}, each further ${furtherBusy.toFixed(1)}, fixed part ${(busy(c!) - busy(a!) - furtherBusy).toFixed(1)}`,
    '',
    '    fixed    first  further   (µs per request) by area:',
    ...split((times) => times.byArea).filter(({ key }) => key !== 'idle').sort((x, y) => y.fixed - x.fixed).map(row),
    '',
    `    fixed    first  further   top ${top} functions by fixed part:`,
    ...split((times) => times.byFunction).filter(({ key }) => !key.startsWith('(idle)')).sort((x, y) => y.fixed - x.fixed).slice(0, top).map(row),
    '',
    `    fixed    first  further   top ${top} functions by cost per further event:`,
    ...split((times) => times.byFunction).filter(({ key }) => !key.startsWith('(idle)')).sort((x, y) => y.further - x.further).slice(0, top).map(row),
  ];
  return lines.join('\n') + '\n';
}

/** The request count written beside a Nest server's profile, if any. */
function requestsOf(file: string): number | undefined {
  return existsSync(`${file}.json`) ? (JSON.parse(readFileSync(`${file}.json`, 'utf8')) as { requests: number }).requests : undefined;
}

function main(): void {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: 'string' }, against: { type: 'string' }, fold: { type: 'boolean' }, decompose: { type: 'boolean' } } });
  const fold = values.fold ?? false;
  const top = Number(values.top ?? 30);
  const read = (file: string): Profile => JSON.parse(readFileSync(file, 'utf8')) as Profile;
  if (values.decompose) {
    // The rounds of (a), (c) and (d) of one adapter, pooled: nest-<adapter>-<variant>-<round>.cpuprofile.
    const [dir, adapter] = positionals;
    if (dir === undefined || adapter === undefined) throw new Error('--decompose takes a profiles directory and an adapter (express or fastify)');
    const roundsOf = (variant: string): Array<{ profile: Profile; requests: number }> =>
      readdirSync(dir)
        .filter((name) => new RegExp(`^nest-${adapter}-${variant}-\\d+\\.cpuprofile$`).test(name))
        .map((name) => join(dir, name))
        .filter((file) => requestsOf(file) !== undefined)
        .map((file) => ({ profile: read(file), requests: requestsOf(file)! }));
    const rounds = { a: roundsOf('a'), c: roundsOf('c'), d: roundsOf('d') };
    if (rounds.a.length === 0 || rounds.c.length === 0 || rounds.d.length === 0) throw new Error(`${dir} lacks profiles of (a), (c) or (d) on ${adapter}`);
    process.stdout.write(`${adapter}: rounds pooled: (a) ${rounds.a.length}, (c) ${rounds.c.length}, (d) ${rounds.d.length}\n`);
    process.stdout.write(decomposeFirstEvent(rounds, top, fold));
    return;
  }
  for (const file of positionals) {
    const requests = requestsOf(file);
    if (values.against !== undefined) {
      const baseRequests = requestsOf(values.against);
      if (requests === undefined || baseRequests === undefined) throw new Error('--against compares Nest server profiles: both need their FILE.json with the request count');
      process.stdout.write(`== ${file} against ${values.against}\n${compareProfiles(read(file), requests, read(values.against), baseRequests, top, fold)}\n`);
    } else {
      process.stdout.write(`== ${file}\n${summarizeProfile(read(file), top, requests, fold)}\n`);
    }
  }
}

if (import.meta.url === `file://${process.argv[1]}`) main();
