import { describe, expect, it } from 'vitest';
import { EVENTS_PAGE, FakePlayground } from './testing/fixtures.js';
import { MAX_RUN_FILE_BYTES, buildRunFile, checkRunFileSize, collectTrace, parseRunFile, runFileName, runFileText } from './runfile.js';

const good = { format: 'raft-playground-run', version: 1, link: 'r2.abc', cursorMs: 1234, options: {}, actions: [], trace: [] };
const text = (o: unknown): string => JSON.stringify(o);
/** A link cap for these tests (the page passes the wasm's `limits().maxLinkChars`). */
const MAX_LINK = 64 * 1024;

describe('reading a run file', () => {
  it('accepts a good one', () => {
    expect(parseRunFile(text(good), MAX_LINK)).toEqual({ link: 'r2.abc', cursorMs: 1234 });
    expect(parseRunFile(text({ format: 'raft-playground-run', version: 1, link: ' r2.abc ' }), MAX_LINK)).toEqual({ link: 'r2.abc', cursorMs: null });
  });

  it('refuses text that is not JSON, or not an object', () => {
    expect(() => parseRunFile('{"format":', MAX_LINK)).toThrow(/not JSON/);
    expect(() => parseRunFile('', MAX_LINK)).toThrow(/not JSON/);
    expect(() => parseRunFile('[1,2]', MAX_LINK)).toThrow(/JSON object/);
    expect(() => parseRunFile('null', MAX_LINK)).toThrow(/JSON object/);
  });

  it('refuses the wrong format', () => {
    expect(() => parseRunFile(text({ ...good, format: 'something-else' }), MAX_LINK)).toThrow(/not a Raft Playground run file \(its format is "something-else"/);
    expect(() => parseRunFile(text({ version: 1, link: 'r2.x' }), MAX_LINK)).toThrow(/no "format" field/);
  });

  it('says a future version is newer, and refuses a broken version', () => {
    expect(() => parseRunFile(text({ ...good, version: 2 }), MAX_LINK)).toThrow(/newer Raft Playground \(version 2\); this page reads version 1/);
    expect(() => parseRunFile(text({ ...good, version: '1' }), MAX_LINK)).toThrow(/no valid version/);
    expect(() => parseRunFile(text({ ...good, version: 0 }), MAX_LINK)).toThrow(/no valid version/);
    expect(() => parseRunFile(text({ ...good, version: 1.5 }), MAX_LINK)).toThrow(/no valid version/);
  });

  it('needs a link', () => {
    const { link: _drop, ...noLink } = good;
    expect(() => parseRunFile(text(noLink), MAX_LINK)).toThrow(/no share link/);
    expect(() => parseRunFile(text({ ...good, link: 42 }), MAX_LINK)).toThrow(/no share link/);
    expect(() => parseRunFile(text({ ...good, link: '   ' }), MAX_LINK)).toThrow(/no share link/);
    expect(() => parseRunFile(text({ ...good, link: 'r2.' + 'A'.repeat(70_000) }), MAX_LINK)).toThrow(/link is too long/);
  });

  it('refuses files too large before reading them, and empty ones', () => {
    expect(() => checkRunFileSize(MAX_RUN_FILE_BYTES + 1)).toThrow(/too large.*at most 2\.0 MB/);
    expect(() => checkRunFileSize(0)).toThrow(/empty/);
    expect(() => checkRunFileSize(NaN)).toThrow(/cannot be read/);
    expect(() => checkRunFileSize(10_000)).not.toThrow();
    expect(() => parseRunFile(' '.repeat(MAX_RUN_FILE_BYTES + 10), MAX_LINK)).toThrow(/too large/);
  });

  it('quotes an odd format short, as text', () => {
    try {
      parseRunFile(text({ format: '<script>' + 'x'.repeat(100) }), MAX_LINK);
      expect.unreachable();
    } catch (e) {
      expect((e as Error).message.length).toBeLessThan(200);
    }
  });
});

describe('writing a run file', () => {
  it('holds the link, the moment, the options, the actions and every trace page', () => {
    const pg = new FakePlayground(3, 5);
    pg.time = 777;
    pg.trace = Array.from({ length: 450 }, (_, i) => ({ seq: i, at: i, kind: 'crashed', node: 0 }));
    pg.crash(1);
    const file = buildRunFile(pg, EVENTS_PAGE);
    expect(file.format).toBe('raft-playground-run');
    expect(file.version).toBe(1);
    expect(file.link).toBe('r2.fake-5-777');
    expect(file.cursorMs).toBe(777);
    expect(file.options.nodes).toBe(3);
    expect(file.actions).toEqual([{ atMs: 777, text: 'crash 1', what: { kind: 'crash', node: 1 } }]);
    expect(file.trace.map((e) => e.seq)).toEqual(pg.trace.map((e) => e.seq));
    const back = JSON.parse(runFileText(file));
    expect(back).toEqual(file);
    expect(parseRunFile(runFileText(file), MAX_LINK).link).toBe(file.link);
  });

  it('reads the trace page by page without repeating a record', () => {
    const pg = new FakePlayground(3);
    pg.trace = Array.from({ length: 401 }, (_, i) => ({ seq: i + 10, at: i, kind: 'action' as const, text: 'x' }));
    const t = collectTrace(pg, EVENTS_PAGE);
    expect(t).toHaveLength(401);
    expect(new Set(t.map((e) => e.seq)).size).toBe(401);
    expect(pg.eventCalls).toEqual([0, 210, 410]);
  });

  it('leaves out old trace records rather than write a file import would refuse', () => {
    const pg = new FakePlayground(3);
    const big = 'y'.repeat(2000);
    pg.trace = Array.from({ length: 1500 }, (_, i) => ({ seq: i, at: i, kind: 'action' as const, text: big }));
    const file = buildRunFile(pg, EVENTS_PAGE);
    const out = runFileText(file);
    expect(new TextEncoder().encode(out).length).toBeLessThanOrEqual(MAX_RUN_FILE_BYTES);
    const back = JSON.parse(out) as { trace: { seq: number }[] };
    expect(back.trace.length).toBeGreaterThan(0);
    expect(back.trace[back.trace.length - 1].seq).toBe(1499); // the newest are kept
  });

  it('names the file by seed and moment', () => {
    expect(runFileName(42, 12_345)).toBe('raft-run-seed42-at-12.3s.json');
  });
});
