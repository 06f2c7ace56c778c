// One frame of drawing: read the view from the playground, then let each layer update what
// changed. The scene holds drawing state only (elements, positions, caches keyed by logVersion,
// the trace cursor); everything about Raft is read fresh from the view.

import { RING_CENTER, RING_RADIUS, STAGE_HEIGHT, STAGE_WIDTH } from '../geometry.js';
import { type FeedLine, Narrator } from '../narrate.js';
import { type NodeView, type TraceEventView, type ViolationView, decodeMessages, decodeNodes } from '../view.js';
import type { PlaygroundApi } from '../wasm.js';
import { svg } from './dom.js';
import { Feed } from './feed.js';
import { NodeLayout } from './layout.js';
import { LogPanel } from './logs.js';
import { MessageLayer } from './messages.js';
import type { Pace } from './motion.js';
import { NodeLayer } from './nodes.js';
import { RegionLayer } from './regions.js';
import { localizeAttr } from '../i18n/index.js';

/** What the scene reads; the wasm Playground, or a fixture in tests. */
export type ViewSource = Pick<PlaygroundApi, 'nodeCount' | 'now' | 'nodes' | 'messages' | 'progress' | 'log' | 'logEpoch' | 'logSince' | 'events' | 'leader'> &
  Partial<Pick<PlaygroundApi, 'nextEventAt' | 'members'>>;

export interface SceneHost {
  stage: HTMLElement;
  logs: HTMLElement;
  feed: HTMLElement;
}

/** Bound on the catch-up work of one frame; the rest is read on the next frames. */
const MAX_EVENT_PAGES_PER_FRAME = 10;

function num(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

export class Scene {
  readonly svg: SVGSVGElement;
  readonly layout: NodeLayout;
  readonly nodeLayer: NodeLayer;
  readonly messages: MessageLayer;
  readonly regions: RegionLayer;
  readonly logs: LogPanel;
  readonly feed: Feed;
  /** Called with each safety violation the trace reports. */
  onViolation: ((violation: ViolationView) => void) | null = null;
  /**
   * After a draw: for how many wall ms (at the speed drawn with) the picture stays as drawn if
   * nothing is done to the cluster: no event due, no message, arc or glide moving by a drawn
   * step. 0: draw the next frame. For the clock's `idleMs`.
   */
  idleMs = 0;
  private narrator: Narrator;
  private eventCursor = -1;
  /** After a rewind, until the trace is caught up: no flashes for truncations long past. */
  private replaying = false;
  /** A rewind happened since the last draw. */
  private rewound = false;
  /** After a rewind: lines up to this time are already in the feed. */
  private feedFloor = -Infinity;
  private readonly logVersions: number[];
  /** Per node, the log epoch of the copy the panel holds: while it stays, only new entries are
   * read (a log of thousands of entries, refetched whole at every append, grew with the run). */
  private readonly logEpochs: number[];
  private nodesNow: NodeView[] = [];
  private groupsNow: number[];
  private readonly sizeObserver: ResizeObserver | null = null;

  /**
   * `eventsPage`: the most records one `events()` call returns (the wasm's `limits().eventsPage`);
   * a shorter page is the last.
   */
  constructor(
    private readonly host: SceneHost,
    public count: number,
    private readonly eventsPage: number,
  ) {
    this.svg = svg('svg', {
      class: 'stage-svg',
      viewBox: `0 0 ${STAGE_WIDTH} ${STAGE_HEIGHT}`,
      preserveAspectRatio: 'xMidYMid meet',
      role: 'group',
    });
    localizeAttr(this.svg, 'aria-label', 'stage.label');
    host.stage.appendChild(this.svg);
    if (typeof ResizeObserver !== 'undefined') {
      this.sizeObserver = new ResizeObserver((entries) => {
        const box = entries[entries.length - 1]?.contentRect;
        if (box) this.setDrawnSize(box.width, box.height);
      });
      this.sizeObserver.observe(this.svg);
    }
    svg('circle', { class: 'ring-guide', cx: RING_CENTER.x, cy: RING_CENTER.y, r: RING_RADIUS }, this.svg);
    this.regions = new RegionLayer(this.svg);
    const flights = svg('g', { class: 'flights' }, this.svg);
    this.nodeLayer = new NodeLayer(this.svg, count);
    const bursts = svg('g', { class: 'bursts' }, this.svg);
    this.messages = new MessageLayer(flights, bursts);
    this.layout = new NodeLayout(count);
    this.logs = new LogPanel(host.logs, count);
    this.feed = new Feed(host.feed);
    this.narrator = new Narrator();
    this.logVersions = new Array<number>(count).fill(-1);
    this.logEpochs = new Array<number>(count).fill(NaN);
    this.groupsNow = new Array<number>(count).fill(0);
  }

  /**
   * The stage is drawn `width` x `height` CSS px: tell the styles how many user units one CSS px
   * is (--k), so stage text never shrinks under its floor in CSS px on a small stage.
   */
  setDrawnSize(width: number, height: number): void {
    if (!(width > 0 && height > 0)) return;
    const scale = Math.min(width / STAGE_WIDTH, height / STAGE_HEIGHT);
    this.svg.style.setProperty('--k', (1 / scale).toFixed(3));
  }

  /** The last decoded node rows (for input: groups, up/down). */
  get nodes(): readonly NodeView[] {
    return this.nodesNow;
  }

  /** Partition group of each node, as last drawn. */
  get groups(): readonly number[] {
    return this.groupsNow;
  }

  /**
   * Draws the current view. `wallMs` is the wall time since the previous frame (0 for a one-off
   * redraw); `speed` (virtual ms per wall ms) turns wall-time effects (bursts) into virtual time;
   * `playing`: whether virtual time flows on after this draw, so browser-run motion runs or
   * holds still.
   */
  draw(source: ViewSource, wallMs: number, speed: number, playing = true): void {
    const now = source.now();
    const pace: Pace = { now, speed, playing };
    // Events first: a truncation must flash the entries of the log copy from before it.
    this.readEvents(source);

    // Servers added during the run (dissertation §4.2): the ring re-forms around them.
    if (source.nodeCount !== this.count) this.resize(source.nodeCount);
    if (source.members) this.layout.setMembers(source.members());
    const nodes = decodeNodes(source.nodes());
    this.nodesNow = nodes;
    const groups = this.groupsNow;
    let groupsChanged = false;
    for (const node of nodes) {
      if (node.id >= 0 && node.id < this.count && groups[node.id] !== node.group) {
        groups[node.id] = node.group;
        groupsChanged = true;
      }
    }
    if (groupsChanged) {
      // Time travel to another partition: the drops that placed servers belong to another run.
      if (this.rewound) this.layout.unpinAll();
      this.layout.setGroups(groups);
    }
    this.rewound = false;
    this.layout.animate(wallMs);
    this.regions.update(groups, this.layout);
    this.nodeLayer.update(nodes, pace, this.layout);
    this.messages.update(decodeMessages(source.messages()), pace, this.layout);

    for (const node of nodes) {
      if (node.id < 0 || node.id >= this.count) continue;
      if (this.logVersions[node.id] !== node.logVersion) {
        this.logVersions[node.id] = node.logVersion;
        const epoch = source.logEpoch(node.id);
        if (epoch === this.logEpochs[node.id]) this.logs.appendLog(node.id, source.logSince(node.id, this.logs.held(node.id)));
        else {
          this.logEpochs[node.id] = epoch;
          this.logs.setLog(node.id, source.log(node.id));
        }
      }
    }
    this.logs.update(nodes, source.progress(), source.leader());
    this.idleMs = this.idleAfter(source, nodes, now, speed);
  }

  private idleAfter(source: ViewSource, nodes: readonly NodeView[], now: number, speed: number): number {
    if (!source.nextEventAt || !(speed > 0) || this.layout.moving) return 0;
    const next = source.nextEventAt();
    const untilEvent = next < 0 ? Infinity : Math.max(0, next - now) / speed;
    return Math.min(untilEvent, this.nodeLayer.idleWallMs(nodes, now, speed), this.messages.idleWallMs(this.layout, now, speed));
  }

  private readEvents(source: ViewSource): void {
    const lines: FeedLine[] = [];
    // The binding hands out the trace in pages; a full page means there may be more.
    for (let page = 0; page < MAX_EVENT_PAGES_PER_FRAME; page++) {
      const events = source.events(Math.max(0, this.eventCursor));
      this.readPage(events, lines);
      if (events.length < this.eventsPage) {
        this.replaying = false;
        break;
      }
    }
    if (lines.length) this.feed.push(lines);
  }

  /**
   * Time jumped back (time travel): the trace positions restart lower and the logs may be
   * shorter, so read the trace afresh, refetch every log and redraw every message. The feed
   * keeps its lines up to `now`.
   */
  rewind(now: number): void {
    this.eventCursor = -1;
    this.replaying = true;
    this.rewound = true;
    this.narrator = new Narrator();
    this.feedFloor = this.feed.trimAfter(now);
    this.logVersions.fill(-1);
    this.logEpochs.fill(NaN);
    this.messages.clear();
  }

  /** The language switched: the whole feed is told again from the trace, in the new words. */
  retell(now: number): void {
    this.rewind(now);
    this.feedFloor = this.feed.trimAfter(-1);
  }

  private readPage(events: readonly TraceEventView[], lines: FeedLine[]): void {
    for (const ev of events) {
      // Accept either reading of `sinceSeq` (inclusive or not) without repeating an event.
      if (!(ev.seq > this.eventCursor)) continue;
      this.eventCursor = ev.seq;
      for (const line of this.narrator.narrate(ev)) if (line.at > this.feedFloor) lines.push(line);
      if (ev.kind === 'truncated') {
        const node = num(ev['node']);
        const from = num(ev['from']);
        const count = num(ev['count']);
        if (node !== null && from !== null && count !== null && !this.replaying) this.logs.flashTruncated(node, from, count);
      } else if (ev.kind === 'violation') {
        this.onViolation?.(ev.violation);
      }
    }
  }

  /**
   * `count` servers from now on: glyphs, log rows and ring places for new ones; those of servers
   * not yet added at this moment (a seek back before an addition) are hidden.
   */
  private resize(count: number): void {
    this.nodeLayer.resize(count);
    this.layout.resize(count);
    this.logs.resize(count);
    for (let i = this.logVersions.length; i < count; i++) {
      this.logVersions.push(-1);
      this.groupsNow.push(this.groupsNow[0] ?? 0);
    }
    this.count = count;
  }

  destroy(): void {
    this.sizeObserver?.disconnect();
    this.messages.clear();
    this.svg.remove();
    this.logs.destroy();
    this.feed.list.remove();
    this.host.stage.querySelectorAll('.node-menu').forEach((m) => m.remove());
  }
}
