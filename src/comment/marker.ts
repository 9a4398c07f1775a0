/**
 * The hidden marker that lets the bot find its own pull-request comment:
 *   <!-- aifinops:tag=<tag> seq=<source>:<number> -->
 * on the first line of the body. `tag` tells several reports on one pull request apart; `seq`
 * orders runs (a CI run id, or the time) so an older run never overwrites a newer run's comment.
 */

export const DEFAULT_TAG = 'default';
const TAG_RE = /^[A-Za-z0-9._-]{1,64}$/;
const MARKER_RE = /^<!-- aifinops:tag=([A-Za-z0-9._-]{1,64})(?: seq=([a-z][a-z0-9-]*):(\d{1,30}))? -->[ \t]*(?:\r?\n|$)/;

export interface Sequence {
  /** Where the number comes from (github-run, gitlab-pipeline, time, …); only equal sources are compared. */
  source: string;
  value: bigint;
}

export interface Marker {
  tag: string;
  seq: Sequence | null;
}

export function isValidTag(tag: string): boolean {
  return TAG_RE.test(tag);
}

export function markerLine(tag: string, seq: Sequence | null = null): string {
  return `<!-- aifinops:tag=${tag}${seq ? ` seq=${seq.source}:${seq.value}` : ''} -->`;
}

export function parseMarker(body: string): Marker | null {
  const m = MARKER_RE.exec(body);
  if (!m) return null;
  return { tag: m[1]!, seq: m[2] !== undefined && m[3] !== undefined ? { source: m[2], value: BigInt(m[3]) } : null };
}

/** The body without its marker line (to tell whether the content changed). */
export function stripMarker(body: string): string {
  return body.replace(MARKER_RE, '').replace(/\r\n/g, '\n').trimEnd();
}

/** Replace (or add) the marker line of a rendered body. */
export function withMarker(body: string, marker: Marker): string {
  return `${markerLine(marker.tag, marker.seq)}\n${stripMarker(body)}\n`;
}

/** -1: a is older than b; 1: newer; 0: same run; null: cannot tell (no sequence, or different sources). */
export function compareSeq(a: Sequence | null, b: Sequence | null): -1 | 0 | 1 | null {
  if (!a || !b || a.source !== b.source) return null;
  return a.value < b.value ? -1 : a.value > b.value ? 1 : 0;
}
