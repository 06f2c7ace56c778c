// The space-time diagram's maths, pure: the window of virtual time shown around the cursor and
// its zoom, where a time and a server's lane fall on the canvas, a message's line from its send
// point towards its arrival point (cut at the cursor, or ending where it was lost), the role
// intervals on each lane, term bands, and which line a click is on. The renderer (diagram.ts)
// only draws what these return.

/** The narrowest and widest window, virtual ms: a few heartbeats, and a minute of traffic. */
export const MIN_SPAN_MS = 250;
export const MAX_SPAN_MS = 60_000;
/** The window a diagram opens with. */
export const DEFAULT_SPAN_MS = 3_000;
/** Virtual ms per pixel the window opens with (3 s across a laptop's diagram). */
export const DEFAULT_MS_PER_PX = 3.2;

/** The span a diagram `plotWidth` px wide opens with: the same density on a phone as on a
 * laptop, in whole quarter seconds, within the bounds. */
export function defaultSpan(plotWidth: number): number {
  const span = Math.round((Math.max(0, plotWidth) * DEFAULT_MS_PER_PX) / 250) * 250;
  return zoomSpan(span > 0 ? span : DEFAULT_SPAN_MS, 1);
}

/** The share of the window ahead of the cursor (empty until time gets there). */
export const LEAD = 0.08;

export interface TimeWindow {
  from: number;
  to: number;
}

/** The window of `span` ms that follows `cursor`: the cursor near the right edge; at the start of a
 * run the window starts at 0 and the cursor walks across it. */
export function windowAt(cursor: number, span: number): TimeWindow {
  const to = cursor + span * LEAD;
  const from = to - span;
  return from < 0 ? { from: 0, to: span } : { from, to };
}

/** A span zoomed by `factor` (> 1 shows more time), kept within the bounds. */
export function zoomSpan(span: number, factor: number): number {
  const next = span * (Number.isFinite(factor) && factor > 0 ? factor : 1);
  return Math.min(MAX_SPAN_MS, Math.max(MIN_SPAN_MS, next));
}

/** The drawing area: lanes start after the names on the left. */
export interface Plot {
  width: number;
  height: number;
  /** Left margin (the lane names), px. */
  left: number;
  /** Top margin (the term labels), px. */
  top: number;
  nodes: number;
}

export function timeToX(t: number, w: TimeWindow, p: Plot): number {
  return p.left + ((t - w.from) / (w.to - w.from)) * (p.width - p.left);
}

export function xToTime(x: number, w: TimeWindow, p: Plot): number {
  return w.from + ((x - p.left) / (p.width - p.left)) * (w.to - w.from);
}

/** The y of server `node`'s lane: lanes evenly spread below the top margin. */
export function laneY(node: number, p: Plot): number {
  const row = (p.height - p.top) / Math.max(1, p.nodes);
  return p.top + row * (node + 0.5);
}

/** One message flight as the diagram table gives it. */
export interface Flight {
  id: number;
  from: number;
  to: number;
  sentAt: number;
  arriveAt: number;
  /** When it arrived or was lost (arriveAt while still on the wire at the horizon). */
  endAt: number;
  /** On the wire at the horizon. */
  open: boolean;
  dropped: boolean;
}

/** True when the message is on the wire at `cursor` (the ring shows it then). */
export function onWireAt(f: Flight, cursor: number): boolean {
  return f.sentAt <= cursor && (f.open || f.endAt > cursor);
}

export interface Segment {
  id: number;
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  /** Ends in a cross: lost by the cursor. */
  lost: boolean;
  /** Cut at the cursor: still on the wire. */
  flying: boolean;
}

/**
 * The line of flight `f` at `cursor`: from (sentAt, sender's lane) towards (arriveAt, receiver's
 * lane), drawn as far as the flight got by the cursor (its end, or the cursor while on the wire).
 * Null when not sent yet.
 */
export function segmentOf(f: Flight, cursor: number, w: TimeWindow, p: Plot): Segment | null {
  if (f.sentAt > cursor) return null;
  const flying = onWireAt(f, cursor);
  const until = flying ? cursor : f.endAt;
  const duration = f.arriveAt - f.sentAt;
  const share = duration > 0 ? Math.min(1, Math.max(0, (until - f.sentAt) / duration)) : 1;
  const x1 = timeToX(f.sentAt, w, p);
  const y1 = laneY(f.from, p);
  const xArrive = timeToX(f.arriveAt, w, p);
  const yArrive = laneY(f.to, p);
  return {
    id: f.id,
    x1,
    y1,
    x2: x1 + (xArrive - x1) * share,
    y2: y1 + (yArrive - y1) * share,
    lost: f.dropped && !flying,
    flying,
  };
}

/** The distance from (x, y) to a segment, px. */
export function distanceToSegment(s: Segment, x: number, y: number): number {
  const dx = s.x2 - s.x1;
  const dy = s.y2 - s.y1;
  const len2 = dx * dx + dy * dy;
  const t = len2 > 0 ? Math.min(1, Math.max(0, ((x - s.x1) * dx + (y - s.y1) * dy) / len2)) : 0;
  return Math.hypot(x - (s.x1 + t * dx), y - (s.y1 + t * dy));
}

/** The segment a click at (x, y) is on: the nearest within `tolerance` px, later ones first on a
 * tie (drawn on top). Null when none is that near. */
export function hitSegment(segments: readonly Segment[], x: number, y: number, tolerance: number): Segment | null {
  let best: Segment | null = null;
  let bestD = tolerance;
  for (let i = segments.length - 1; i >= 0; i--) {
    const d = distanceToSegment(segments[i], x, y);
    if (d < bestD) {
      bestD = d;
      best = segments[i];
    }
  }
  return best;
}

/** A lane change as the lanes table gives it: a role (0 follower … 3 leader), a crash, a restart,
 * a new server's start, or joining or leaving the configuration in force. */
export interface LaneChange {
  at: number;
  node: number;
  /** 0–3: the role codes; CRASHED, RESTARTED, STARTED, JOINED, LEFT (the binding's LaneCode). */
  code: number;
  term: number;
}

export const CRASHED = 4;
export const RESTARTED = 5;
export const STARTED = 6;
export const JOINED = 7;
export const LEFT = 8;

/** A stretch of one lane: the server's role, or down (a gap). */
export interface LaneStretch {
  node: number;
  from: number;
  to: number;
  /** Role code; -1 while down. */
  role: number;
  term: number;
  /** In the configuration in force (§4.1); false for a removed server, or one not yet added. */
  member: boolean;
}

/**
 * Each lane cut into stretches over [w.from, min(w.to, cursor)]: the role held, or down, in the
 * configuration or outside it. The changes come in time order, each server's state at w.from
 * first (as the core gives them); a server with none is an up follower and a member. A server
 * that starts within the window (one added to the running cluster, §4.2.1) has no lane before.
 */
export function laneStretches(changes: readonly LaneChange[], nodes: number, w: TimeWindow, cursor: number): LaneStretch[] {
  const end = Math.min(w.to, cursor);
  const out: LaneStretch[] = [];
  if (end <= w.from) return out;
  const state = Array.from({ length: nodes }, () => ({ since: w.from, role: 0, term: 0, up: true, member: true, exists: true }));
  for (const c of changes) if (c.code === STARTED && c.at > w.from && c.node >= 0 && c.node < nodes) state[c.node].exists = false;
  const close = (node: number, at: number): void => {
    const s = state[node];
    const from = Math.max(s.since, w.from);
    const to = Math.min(at, end);
    if (to > from && s.exists) out.push({ node, from, to, role: s.up ? s.role : -1, term: s.term, member: s.member });
    s.since = Math.max(at, w.from);
  };
  for (const c of changes) {
    if (c.node < 0 || c.node >= nodes || c.at > end) continue;
    const s = state[c.node];
    close(c.node, c.at);
    if (c.code === CRASHED) s.up = false;
    else if (c.code === RESTARTED) {
      s.up = true;
      s.role = 0;
    } else if (c.code === STARTED) {
      // A new process: up, a follower, and outside any configuration until one names it.
      s.exists = true;
      s.up = true;
      s.role = 0;
      s.member = false;
    } else if (c.code === JOINED) s.member = true;
    else if (c.code === LEFT) s.member = false;
    else {
      s.role = c.code;
      s.term = c.term;
    }
  }
  for (let n = 0; n < nodes; n++) close(n, end);
  return out;
}

/** A term band: from when the cluster's highest term became `term` to the next rise. */
export interface TermBand {
  term: number;
  from: number;
  to: number;
}

/** Term bands over [w.from, min(w.to, cursor)] from the highest-term rises (time order). */
export function termBands(rises: readonly { at: number; term: number }[], w: TimeWindow, cursor: number): TermBand[] {
  const end = Math.min(w.to, cursor);
  const out: TermBand[] = [];
  for (let i = 0; i < rises.length; i++) {
    const from = Math.max(rises[i].at, w.from);
    const to = Math.min(i + 1 < rises.length ? rises[i + 1].at : Infinity, end);
    if (to > from) out.push({ term: rises[i].term, from, to });
  }
  return out;
}
