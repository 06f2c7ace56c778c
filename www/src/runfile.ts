// Run files: "Export" writes the run at the cursor as JSON; "Import" reads one back. The share
// link inside is the run (the wasm validates it as hostile input); the other fields are for
// people and tools. Reading checks size, JSON, format and version before anything else, and
// every failure is an Error with a code and values the page phrases (i18n/failure-words.ts) and an
// English message for developers.

import { failureError } from './i18n/failure-words.js';
import type { ActionView, RunOptions, TraceEventView } from './view.js';
import type { PlaygroundApi } from './wasm.js';

/** The run file that "Export" writes and "Import" reads. `link` is authoritative; the other
 * fields are for people and tools. */
export interface RunFile {
  format: 'raft-playground-run';
  version: 1;
  link: string;
  cursorMs: number;
  options: RunOptions;
  actions: ActionView[];
  trace: TraceEventView[];
}

export const RUN_FILE_FORMAT = 'raft-playground-run';
export const RUN_FILE_VERSION = 1;
/** Largest file read at all (checked before reading). A run file is mostly its trace. */
export const MAX_RUN_FILE_BYTES = 2 * 1024 * 1024;
/** Bound on export's trace pages (the binding keeps a few thousand records). */
const MAX_TRACE_PAGES = 500;

function utf8Length(text: string): number {
  return new TextEncoder().encode(text).length;
}

function sizeText(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

/** Throws when a file is too large to be a run file (call before reading it). */
export function checkRunFileSize(bytes: number): void {
  if (!(bytes >= 0)) throw failureError({ code: 'runFileUnreadable', values: {} }, 'That file cannot be read (unknown size).');
  if (bytes === 0) throw failureError({ code: 'runFileEmpty', values: {} }, 'That file is empty: it is not a Raft Playground run file.');
  if (bytes > MAX_RUN_FILE_BYTES) {
    throw failureError(
      { code: 'runFileTooLarge', values: { size: Math.ceil(bytes / 1024), max: Math.ceil(MAX_RUN_FILE_BYTES / 1024) } },
      `That file is too large to be a run file (${sizeText(bytes)}; at most ${sizeText(MAX_RUN_FILE_BYTES)}).`,
    );
  }
}

/** The refusal of a file that is no run file, whatever is wrong with it. */
const NOT_A_RUN_FILE = { code: 'runFileNotRunFile', values: {} } as const;

/** A short, quoted rendering of an untrusted value for an error message (text, never markup). */
function quote(v: unknown): string {
  let s: string;
  try {
    s = typeof v === 'string' ? JSON.stringify(v) : (JSON.stringify(v) ?? String(v));
  } catch {
    s = String(v);
  }
  return s.length > 40 ? `${s.slice(0, 37)}…` : s;
}

/** What import needs from a run file. */
export interface RunFileLink {
  link: string;
  cursorMs: number | null;
}

/**
 * Validates run-file text; throws an Error saying what is wrong. `maxLinkChars`: the longest
 * link the wasm accepts (`limits().maxLinkChars`).
 */
export function parseRunFile(text: string, maxLinkChars: number): RunFileLink {
  if (text.length > MAX_RUN_FILE_BYTES) checkRunFileSize(text.length);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw failureError(NOT_A_RUN_FILE, 'That file is not a Raft Playground run file (it is not JSON).');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw failureError(NOT_A_RUN_FILE, 'That file is not a Raft Playground run file (expected a JSON object).');
  }
  const o = value as Record<string, unknown>;
  if (o['format'] !== RUN_FILE_FORMAT) {
    const what = o['format'] === undefined ? 'it has no "format" field' : `its format is ${quote(o['format'])}`;
    throw failureError(NOT_A_RUN_FILE, `That file is not a Raft Playground run file (${what}; expected "${RUN_FILE_FORMAT}").`);
  }
  const version = o['version'];
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw failureError({ code: 'runFileBadVersion', values: {} }, `That run file has no valid version (found ${quote(version)}).`);
  }
  if (version > RUN_FILE_VERSION) {
    throw failureError(
      { code: 'runFileNewer', values: { version, ours: RUN_FILE_VERSION } },
      `That run file was written by a newer Raft Playground (version ${version}); this page reads version ${RUN_FILE_VERSION}. Reload the page for the newest version.`,
    );
  }
  const link = o['link'];
  if (typeof link !== 'string' || link.trim() === '') {
    throw failureError({ code: 'runFileNoLink', values: {} }, 'That run file has no share link ("link"), so the run cannot be rebuilt.');
  }
  if (link.length > maxLinkChars) {
    throw failureError(
      { code: 'runFileLinkTooLong', values: { length: link.length, max: maxLinkChars } },
      `That run file's link is too long (${link.length} characters; at most ${maxLinkChars}).`,
    );
  }
  const cursor = o['cursorMs'];
  return { link: link.trim(), cursorMs: typeof cursor === 'number' && Number.isFinite(cursor) && cursor >= 0 ? cursor : null };
}

/**
 * Every trace record the playground still holds, from the oldest, page by page (`eventsPage`:
 * the most one `events()` call returns, `limits().eventsPage`; a shorter page is the last).
 */
export function collectTrace(pg: Pick<PlaygroundApi, 'events'>, eventsPage: number): TraceEventView[] {
  const out: TraceEventView[] = [];
  let since = 0;
  let last = -1;
  for (let page = 0; page < MAX_TRACE_PAGES; page++) {
    const events = pg.events(since);
    for (const ev of events) {
      if (ev.seq > last) {
        out.push(ev);
        last = ev.seq;
      }
    }
    if (events.length < eventsPage || last < since) break;
    since = last + 1;
  }
  return out;
}

export function buildRunFile(pg: Pick<PlaygroundApi, 'link' | 'now' | 'options' | 'actions' | 'events'>, eventsPage: number): RunFile {
  const options: RunOptions = pg.options();
  return {
    format: RUN_FILE_FORMAT,
    version: RUN_FILE_VERSION,
    link: pg.link(),
    cursorMs: pg.now(),
    options,
    actions: pg.actions(),
    trace: collectTrace(pg, eventsPage),
  };
}

/**
 * The file's text: readable fields, then the trace one record a line. If it would exceed what
 * import accepts, the oldest trace records are left out (the link alone rebuilds the run).
 */
export function runFileText(file: RunFile): string {
  const { trace, ...head } = file;
  const headText = JSON.stringify(head, null, 2);
  let records = trace;
  for (;;) {
    const lines = records.map((e) => `    ${JSON.stringify(e)}`).join(',\n');
    const text = `${headText.slice(0, -2)},\n  "trace": [\n${lines}\n  ]\n}\n`;
    if (utf8Length(text) <= MAX_RUN_FILE_BYTES || records.length === 0) return text;
    records = records.slice(Math.ceil(records.length / 2));
  }
}

/** "raft-run-seed42-at-12.3s.json". */
export function runFileName(seed: number, cursorMs: number): string {
  const s = Number.isFinite(seed) ? String(seed) : 'x';
  const t = Number.isFinite(cursorMs) ? (cursorMs / 1000).toFixed(1) : '0';
  return `raft-run-seed${s}-at-${t}s.json`;
}

/** Saves `text` as a download through an object URL and a temporary a[download]. */
export function downloadText(text: string, fileName: string, doc: Document = document): void {
  const blob = new Blob([text], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const a = doc.createElement('a');
  a.href = url;
  a.download = fileName;
  a.style.display = 'none';
  doc.body.appendChild(a);
  a.click();
  a.remove();
  // Revoke once the browser has started the download.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
