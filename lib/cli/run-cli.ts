import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { readTrackingPlan } from '../tracking-plan/read-tracking-plan.js';
import { MissingGeneratorError, loadGenerator } from './load-generator.js';
import { generateTrackingPlanTypes } from './typegen.js';
import { SegmentConfigError } from '../core/internals.js';

export const USAGE = `Usage: nestjs-segment typegen <plan.json> [--out <file.ts>] [--name <TypeName>]

  Writes a TypeScript type of a Segment tracking plan export (Public API or v1): each track
  event's properties, and identify and group traits. Without --out it prints to stdout.

  Example: npx nestjs-segment typegen tracking-plan.json --out src/tracking-plan.ts`;

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

interface TypegenArgs {
  plan: string;
  out: string | undefined;
  name: string | undefined;
}

/** Runs the command line; resolves with the exit code (0 done, 1 failed, 2 bad usage). */
export async function runCli(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    (command === undefined ? io.stderr : io.stdout)(`${USAGE}\n`);
    return command === undefined ? 2 : 0;
  }
  if (command !== 'typegen') {
    io.stderr(`Unknown command ${JSON.stringify(command)}.\n\n${USAGE}\n`);
    return 2;
  }
  const args = parseTypegenArgs(rest);
  if (typeof args === 'string') {
    io.stderr(`${args}\n\n${USAGE}\n`);
    return 2;
  }
  try {
    const plan = readTrackingPlan(args.plan, 'the plan');
    const source = await generateTrackingPlanTypes(plan, await loadGenerator(), { typeName: args.name, source: basename(args.plan) });
    if (args.out === undefined) {
      io.stdout(source);
    } else {
      mkdirSync(dirname(args.out), { recursive: true });
      writeFileSync(args.out, source);
      const events = plan.rules.filter((rule) => rule.kind === 'track').length;
      io.stderr(`Wrote ${args.out}: ${args.name ?? 'TrackingPlan'} from ${plan.format === 'v1' ? 'a v1' : 'a Public API'} plan with ${events} track rules.\n`);
    }
    return 0;
  } catch (error) {
    if (error instanceof SegmentConfigError || error instanceof MissingGeneratorError) {
      io.stderr(`nestjs-segment typegen: ${error.message}\n`);
      return 1;
    }
    io.stderr(`nestjs-segment typegen failed: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

function parseTypegenArgs(args: readonly string[]): TypegenArgs | string {
  let plan: string | undefined;
  let out: string | undefined;
  let name: string | undefined;
  for (let index = 0; index < args.length; index++) {
    const arg = args[index]!;
    if (arg === '--out' || arg === '-o' || arg === '--name') {
      const value = args[++index];
      if (value === undefined || value.startsWith('-')) return `${arg} needs a value.`;
      if (arg === '--name') name = value;
      else out = value;
    } else if (arg.startsWith('--out=')) {
      out = arg.slice('--out='.length);
    } else if (arg.startsWith('--name=')) {
      name = arg.slice('--name='.length);
    } else if (arg.startsWith('-')) {
      return `Unknown option ${arg}.`;
    } else if (plan === undefined) {
      plan = arg;
    } else {
      return `One plan file at a time; got ${JSON.stringify(plan)} and ${JSON.stringify(arg)}.`;
    }
  }
  if (plan === undefined) return 'typegen needs the plan file: nestjs-segment typegen <plan.json>.';
  if (name !== undefined && !/^[A-Z_$][A-Za-z0-9_$]*$/.test(name))
    return `--name must be a TypeScript type name such as TrackingPlan; got ${JSON.stringify(name)}.`;
  return { plan, out, name };
}
