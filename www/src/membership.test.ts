// Membership on the page (dissertation §4.1–4.3): a configuration entry read out of a log row,
// the servers of a configuration named, the next server "Add server" starts, the leader's answer
// phrased from its why code, and the ring re-formed around the configuration in force (members
// on the ring, the rest drawn apart; servers added and, seeking back, taken away).
import { afterEach, describe, expect, it } from 'vitest';
import { NODE_RADIUS, apartLabelLines, distance, labelLines, ringPoint, ringSlots } from './geometry.js';
import { setLanguage } from './i18n/index.js';
import { changeAnswerWords, configMembers, memberNames, serverToAdd } from './membership.js';
import { Narrator } from './narrate.js';
import { NodeLayout } from './render/layout.js';

afterEach(() => setLanguage('en'));

describe('a server added to a running cluster, in the feed (§4.2.1)', () => {
  it('starts as a new server, never "restarted": it never ran before; joining and leaving are left to the configuration line', async () => {
    const n = new Narrator();
    const said = (kind: 'started' | 'joined' | 'left' | 'restarted') => n.narrate({ seq: 1, at: 10, kind, node: 3 }).map((l) => l.text);
    expect(said('started')).toEqual(['S4 started as a new server: an empty log and no configuration yet']);
    expect(said('joined')).toEqual([]);
    expect(said('left')).toEqual([]);
    expect(said('restarted')).toEqual(['S4 restarted with its term, vote and log']);
    await setLanguage('zh-CN');
    expect(said('started')).toEqual(['S4 作为新节点启动：日志为空，还没有配置']);
  });
});

describe('configuration entries and members', () => {
  it('reads a configuration entry from a log value: -2 minus its members, a no-op is -1', () => {
    expect(configMembers(-2 - 0b111)).toBe(0b111);
    expect(configMembers(-2 - 0b10110)).toBe(0b10110);
    expect(configMembers(-1)).toBeNull();
    expect(configMembers(7)).toBeNull();
    expect(configMembers(Number.NaN)).toBeNull();
  });

  it('names the members lowest first', () => {
    expect(memberNames(0b10110)).toBe('S2 S3 S5');
    expect(memberNames(0)).toBe('');
  });

  it('adds a removed server back before starting a new one, up to the limit', () => {
    expect(serverToAdd(0b111, 3, 9)).toBe(3);
    expect(serverToAdd(0b1101, 4, 9)).toBe(1);
    expect(serverToAdd(0b111111111, 9, 9)).toBe(-1);
  });

  it("phrases the leader's answer from its why code, in both languages", async () => {
    expect(changeAnswerWords({ index: 4, refused: undefined })).toBe('The leader appended the configuration change at index 4');
    expect(changeAnswerWords({ index: undefined, refused: { why: 'changePending', index: 4 } })).toMatch(/One change at a time.*index 4.*§4\.1/);
    expect(changeAnswerWords({ index: undefined, refused: { why: 'notLeader', leader: -1 } })).toMatch(/No leader/);
    expect(changeAnswerWords({ index: undefined, refused: { why: 'noCommitInTerm', term: 3 } })).toMatch(/term 3/);
    await setLanguage('zh-CN');
    expect(changeAnswerWords({ index: undefined, refused: { why: 'alreadyMember', node: 1 } })).toBe('S2 已经在配置中');
  });
});

describe('the ring and the configuration in force', () => {
  const settle = (l: NodeLayout): void => {
    for (let i = 0; i < 200; i++) l.animate(50);
  };

  it('puts members on the ring and a removed server apart, clear of them', () => {
    const l = new NodeLayout(5);
    l.setMembers(0b11101); // S2 removed
    settle(l);
    const { slot, slots } = ringSlots([0, 0, 0, 0]);
    [0, 2, 3, 4].forEach((id, k) => expect(l.home[id]).toEqual(ringPoint(slot[k], slots)));
    expect(l.isOutside(1)).toBe(true);
    for (const id of [0, 2, 3, 4]) expect(distance(l.home[1], l.home[id])).toBeGreaterThan(2 * NODE_RADIUS);
    l.setMembers(0b11111);
    expect(l.isOutside(1)).toBe(false);
  });

  it("labels a server drawn apart centred above it (below it near the top), not outwards, where a phone's large text would leave the stage", () => {
    const low = apartLabelLines({ x: 530, y: 420 });
    expect(low.anchor).toBe('middle');
    expect(low.y).toBeLessThan(-NODE_RADIUS);
    const high = apartLabelLines({ x: 560, y: 60 });
    expect(high.anchor).toBe('middle');
    expect(high.y).toBeGreaterThan(NODE_RADIUS);
    // On the ring the same corner would send them outwards, to the right.
    expect(labelLines({ x: 530, y: 420 }).anchor).toBe('start');
  });

  it('grows the ring for an added server, and shrinks back when time goes back before it', () => {
    const l = new NodeLayout(3);
    l.resize(4);
    settle(l);
    const { slot, slots } = ringSlots([0, 0, 0, 0]);
    for (let id = 0; id < 4; id++) expect(l.shown[id].x).toBeCloseTo(ringPoint(slot[id], slots).x, 0);
    l.resize(3);
    expect(l.count).toBe(3);
    expect(l.home.length).toBe(3);
  });
});
