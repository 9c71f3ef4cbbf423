import { createRequire } from 'node:module';
import { SegmentConfigError } from '../core/internals.js';

/** What this package uses of an Ajv instance. */
export interface AjvInstance {
  compile(schema: object): AjvValidate;
  removeKeyword(keyword: string): unknown;
}

export interface AjvError {
  readonly instancePath: string;
  readonly keyword: string;
  readonly message?: string;
  readonly params: Readonly<Record<string, unknown>>;
}

export interface AjvValidate {
  (data: unknown): boolean;
  errors?: readonly AjvError[] | null;
}

interface AjvLogger {
  log(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
}

type AjvClass = new (options: Record<string, unknown>) => AjvInstance;
type FormatsPlugin = (ajv: AjvInstance) => unknown;

const INSTALL = 'npm install ajv ajv-formats';

/**
 * A draft-07 Ajv with ajv-formats (`date-time`, `email`, ... are checked, as Segment does).
 * Loaded here, when a tracking plan is configured, and never at import: Ajv is an optional peer.
 * Both packages are CommonJS, so a synchronous require keeps the client's constructor synchronous.
 */
export function createAjv(onWarning: (text: string) => void, requireFrom: NodeJS.Require = createRequire(import.meta.url)): AjvInstance {
  const Ajv = defaultExport<AjvClass>(load(requireFrom, 'ajv'));
  const addFormats = defaultExport<FormatsPlugin>(load(requireFrom, 'ajv-formats'));
  const logger: AjvLogger = { log: () => {}, warn: (...args) => onWarning(args.join(' ')), error: (...args) => onWarning(args.join(' ')) };
  // Not strict: Segment's plans carry keywords of their own (labels, eventMetadata), which Ajv must ignore.
  const ajv = new Ajv({ strict: false, allErrors: true, logger });
  // Segment's exports still write draft-04's `id` next to draft-07 keywords; Ajv 8 refuses it by default.
  ajv.removeKeyword('id');
  addFormats(ajv);
  return ajv;
}

function load(requireFrom: NodeJS.Require, name: string): unknown {
  try {
    return requireFrom(name);
  } catch (error) {
    if ((error as { code?: unknown }).code === 'MODULE_NOT_FOUND' && String((error as Error).message).includes(`'${name}'`)) {
      throw new SegmentConfigError(
        'trackingPlan',
        `trackingPlan needs the optional peer dependencies ajv and ajv-formats, and ${name} is not installed: ${INSTALL}`,
      );
    }
    throw new SegmentConfigError('trackingPlan', `trackingPlan could not load ${name}: ${(error as Error).message}`);
  }
}

function defaultExport<T>(module: unknown): T {
  const exported = (module as { default?: unknown }).default ?? module;
  return exported as T;
}
