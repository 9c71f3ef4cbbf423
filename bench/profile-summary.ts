/**
 * Where the time went in a V8 .cpuprofile (from `npm run bench -- --profile`): self time by
 * function and by area (our lib/core, undici, Node internals, GC). Usage:
 *   node .tmp/bench/bench/profile-summary.js FILE.cpuprofile [--top 30]
 */
import { readFileSync } from 'node:fs';
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
  if (url.includes('/lib/core/')) return 'nestjs-segment lib/core';
  if (url.includes('/lib/nest/')) return 'nestjs-segment lib/nest';
  if (url.includes('/bench/')) return 'bench harness (payload, loop)';
  if (url.includes('node_modules/undici/')) return 'undici';
  if (url.includes('node_modules/@segment/')) return '@segment/*';
  if (url.includes('node_modules/')) return `node_modules/${url.split('node_modules/')[1]?.split('/')[0] ?? ''}`;
  if (url.startsWith('node:')) return 'Node internals';
  if (url === '') return 'native / builtins';
  return 'other';
}

function short(url: string): string {
  const index = url.search(/(lib|bench|node_modules)\//);
  return index >= 0 ? url.slice(index) : url;
}

export function summarizeProfile(profile: Profile, top: number): string {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, index) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0)));
  const total = profile.endTime - profile.startTime;
  const busy = [...self].filter(([id]) => byId.get(id)?.callFrame.functionName !== '(idle)').reduce((sum, [, us]) => sum + us, 0);
  const byFunction = new Map<string, number>();
  const byArea = new Map<string, number>();
  for (const [id, us] of self) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    const key = `${functionName || '(anonymous)'}  ${short(url)}${url ? `:${lineNumber + 1}` : ''}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + us);
    const group = area(url, functionName);
    byArea.set(group, (byArea.get(group) ?? 0) + us);
  }
  const pct = (us: number): string => `${((us / busy) * 100).toFixed(1).padStart(5)} %  ${(us / 1000).toFixed(1).padStart(8)} ms`;
  const lines = [`profile: ${(total / 1000).toFixed(0)} ms, busy (not idle) ${(busy / 1000).toFixed(0)} ms; shares are of busy time`, '', 'by area:'];
  for (const [name, us] of [...byArea].sort((a, b) => b[1] - a[1])) if (name !== 'idle') lines.push(`  ${pct(us)}  ${name}`);
  lines.push('', `top ${top} functions by self time:`);
  for (const [name, us] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top)) lines.push(`  ${pct(us)}  ${name}`);
  return lines.join('\n') + '\n';
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: 'string' } } });
  for (const file of positionals) {
    process.stdout.write(`== ${file}\n${summarizeProfile(JSON.parse(readFileSync(file, 'utf8')) as Profile, Number(values.top ?? 30))}\n`);
  }
}
