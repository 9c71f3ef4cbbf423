/** The Nest Logger context of a client's lines: `Segment`, or `Segment:marketing` for a named one. */
export function loggerName(name: string | undefined): string {
  return name === undefined ? 'Segment' : `Segment:${name}`;
}
