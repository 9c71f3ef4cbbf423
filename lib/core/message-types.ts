/** Field shapes of the Segment Spec (https://segment.com/docs/connections/spec/). */

export type MessageType = 'identify' | 'track' | 'page' | 'screen' | 'group' | 'alias';

/** A plain JSON-like object. Values JSON cannot carry are treated as the README describes. */
export type Properties = Record<string, unknown>;

/** Per-destination switches: `{ All: false, Mixpanel: true }`, or destination settings. */
export type Integrations = Record<string, boolean | Record<string, unknown>>;

/** The caller's `context`: free-form, merged over the library's own fields. */
export type MessageContext = Record<string, unknown>;

/** An id Segment accepts: strings, or numbers (sent as strings). */
export type SegmentId = string | number;

/** Fields every call accepts. */
export interface CommonFields {
  userId?: SegmentId;
  anonymousId?: SegmentId;
  context?: MessageContext;
  /** When it happened: a Date, or an ISO-8601 string that carries a zone (`Z` or `+02:00`). */
  timestamp?: Date | string;
  integrations?: Integrations;
  /** The dedup key (under 100 characters). A UUID v4 is generated when absent. */
  messageId?: string;
}

export interface TrackParams extends CommonFields {
  event: string;
  properties?: Properties;
}

export interface IdentifyParams extends CommonFields {
  traits?: Properties;
}

export interface PageParams extends CommonFields {
  name?: string;
  category?: string;
  properties?: Properties;
}

export interface ScreenParams extends CommonFields {
  name?: string;
  category?: string;
  properties?: Properties;
}

export interface GroupParams extends CommonFields {
  groupId: SegmentId;
  traits?: Properties;
}

export interface AliasParams extends Omit<CommonFields, 'anonymousId' | 'userId'> {
  previousId: SegmentId;
  userId: SegmentId;
}

/** What each call takes, by message type. */
export interface ParamsByType {
  identify: IdentifyParams;
  track: TrackParams;
  page: PageParams;
  screen: ScreenParams;
  group: GroupParams;
  alias: AliasParams;
}

/** A message as it goes on the wire, inside `{ batch: [...] }`. */
export interface SegmentMessage {
  type: MessageType;
  messageId: string;
  /** ISO-8601 UTC with milliseconds. */
  timestamp: string;
  context: MessageContext & { library: { name: string; version: string } };
  userId?: string;
  anonymousId?: string;
  event?: string;
  name?: string;
  category?: string;
  properties?: Properties;
  traits?: Properties;
  groupId?: string;
  previousId?: string;
  integrations?: Integrations;
}
