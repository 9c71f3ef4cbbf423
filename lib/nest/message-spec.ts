import type { MessageType } from '../core/index.js';
import type { SegmentEmitWhen, SegmentMapperInput } from './decorator-options.js';

/** One decorator's message. */
export interface MessageSpec {
  readonly type: MessageType;
  /** `@Track('Order Completed') on OrdersController.create`, for log lines. */
  readonly label: string;
  readonly when: SegmentEmitWhen;
  readonly client: string | undefined;
  /** Message fields: each a value or a mapper function of the handler's outcome. */
  readonly fields: Readonly<Record<string, unknown>>;
}

type Mapper = (input: SegmentMapperInput) => unknown;

/** The message fields of a spec for one outcome; a throwing mapper is named in the error. */
export function buildFields(spec: MessageSpec, input: SegmentMapperInput): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const field in spec.fields) {
    const value = spec.fields[field];
    let resolved: unknown;
    try {
      resolved = typeof value === 'function' ? (value as Mapper)(input) : value;
    } catch (error) {
      throw new MapperFailure(field, error);
    }
    if (resolved !== undefined) params[field] = resolved;
  }
  return params;
}

/** Internal: which mapper threw what. */
export class MapperFailure {
  constructor(
    readonly field: string,
    readonly cause: unknown,
  ) {}
}

/** `'Order Completed'` for labels; mapper-computed names show as `(mapped)`. */
export function quoted(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : value === undefined ? '' : '(mapped)';
}
