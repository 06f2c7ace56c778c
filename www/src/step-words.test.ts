// A step is never silent: whatever the event was, describeStep has words for it, taken from
// the trace the step produced, the messages that were in flight, and the timers.
import { describe, expect, it } from 'vitest';
import { deliveredMessage, describeStep, steppedNode } from './step-words.js';
import { message, node } from './testing/fixtures.js';
import { MsgKindCode, TimerCode, type TraceEventView } from './view.js';

const nodes = [node({ id: 0 }), node({ id: 1 }), node({ id: 2 })];

describe('describeStep', () => {
  it('a delivery names the message, its sender, receiver and term, then what the feed said', () => {
    const wire = [message({ id: 7, from: 0, to: 1, kind: MsgKindCode.RequestVote, term: 3 })];
    const events = [{ seq: 10, at: 5, kind: 'messageDelivered', id: 7 }] as TraceEventView[];
    expect(describeStep({ at: 5, events, wireBefore: wire, feedLines: ['S2 voted for S1 in term 3'], nodesBefore: nodes, nodesAfter: nodes })).toBe(
      "S2 received S1's RequestVote (term 3); S2 voted for S1 in term 3",
    );
    expect(steppedNode({ at: 5, events, wireBefore: wire, feedLines: [], nodesBefore: nodes, nodesAfter: nodes })).toBe(1);
  });

  it('an empty AppendEntries is a heartbeat; a dropped one says why', () => {
    const wire = [message({ id: 8, from: 0, to: 2, kind: MsgKindCode.AppendEntries, term: 2, entryCount: 0 })];
    const events = [{ seq: 11, at: 6, kind: 'messageDropped', id: 8, reason: 'partition' }] as TraceEventView[];
    expect(describeStep({ at: 6, events, wireBefore: wire, feedLines: [], nodesBefore: nodes, nodesAfter: nodes })).toBe(
      "S1's heartbeat (term 2) to S3 was stopped by the partition",
    );
  });

  it("a leader's heartbeat timer: what it sent", () => {
    const sent = (to: number, seq: number) => ({ seq, at: 9, kind: 'messageSent', id: seq, from: 0, to, msgKind: 'appendEntries', term: 2, entries: 0, ok: true, arriveAt: 20 });
    const events = [sent(1, 1), sent(2, 2)] as TraceEventView[];
    expect(describeStep({ at: 9, events, wireBefore: [], feedLines: [], nodesBefore: nodes, nodesAfter: nodes })).toBe(
      "S1's heartbeat timer fired: heartbeats to S2 and S3",
    );
  });

  it('a step the trace says nothing about still names the timer that moved', () => {
    const after = [node({ id: 0 }), node({ id: 1, timerDeadline: 400, timerKind: TimerCode.Election }), node({ id: 2 })];
    const before = [node({ id: 0 }), node({ id: 1, timerDeadline: 100, timerKind: TimerCode.Election }), node({ id: 2 })];
    expect(describeStep({ at: 100, events: [], wireBefore: [], feedLines: [], nodesBefore: before, nodesAfter: after })).toBe("S2's election timer fired");
    expect(describeStep({ at: 100, events: [], wireBefore: [], feedLines: [], nodesBefore: nodes, nodesAfter: nodes })).not.toBe('');
  });
});

describe('deliveredMessage', () => {
  it('is the wire row of the message a delivery step took off the wire', () => {
    const wire = [message({ id: 6, from: 2, to: 0 }), message({ id: 7, from: 0, to: 1, kind: MsgKindCode.RequestVote, term: 3 })];
    const events = [{ seq: 10, at: 5, kind: 'messageDelivered', id: 7 }] as TraceEventView[];
    const m = deliveredMessage({ at: 5, events, wireBefore: wire, feedLines: [], nodesBefore: nodes, nodesAfter: nodes });
    expect(m?.id).toBe(7);
    expect([m?.from, m?.to]).toEqual([0, 1]);
  });

  it('is null when a timer fired or a message was dropped: the server mark says enough', () => {
    const sent = [{ seq: 1, at: 9, kind: 'messageSent', id: 1, from: 0, to: 1, msgKind: 'appendEntries', term: 2, entries: 0, ok: true, arriveAt: 20 }] as TraceEventView[];
    expect(deliveredMessage({ at: 9, events: sent, wireBefore: [], feedLines: [], nodesBefore: nodes, nodesAfter: nodes })).toBeNull();
    const wire = [message({ id: 8, from: 0, to: 2 })];
    const dropped = [{ seq: 11, at: 6, kind: 'messageDropped', id: 8, reason: 'partition' }] as TraceEventView[];
    expect(deliveredMessage({ at: 6, events: dropped, wireBefore: wire, feedLines: [], nodesBefore: nodes, nodesAfter: nodes })).toBeNull();
  });
});
