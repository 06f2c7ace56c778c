// Sharing a run: its link (copied, or shown to select), run files (export and import) and a file
// dropped on the element. It reads the element's current run and asks the element to open what
// it imports; it never acts on the playground. Run files are code only some visitors need, so
// runfile.ts loads on the first export or import, not with the page.

import { shareUrl } from './links.js';
import { formatTime } from './render/feed.js';
import { LOAD_ERROR_MS } from './run-loader.js';
import { type Notice, errorText } from './ui/notice.js';
import { SharePanel } from './ui/share-panel.js';
import { type Session, loadLimits } from './wasm.js';
import { t } from './i18n/index.js';

/** What sharing needs of the element. */
export interface SharingHost {
  /** The element: files are dropped on it. */
  readonly element: HTMLElement;
  /** The run on screen, if any. */
  session(): Session | null;
  notice(): Notice | null;
  /** Opens a run file's link in place of the current run. */
  openFile(link: string): Promise<unknown>;
}

function hasFiles(e: DragEvent): boolean {
  return Array.from(e.dataTransfer?.types ?? []).includes('Files');
}

export class Sharing {
  private readonly panel: SharePanel;

  constructor(
    private readonly host: SharingHost,
    side: HTMLElement,
  ) {
    this.panel = new SharePanel(side, {
      copyLink: () => void this.copyLink(),
      exportRun: () => void this.exportRun(),
      importFile: (file) => void this.importFile(file),
    });
    host.element.addEventListener('dragover', this.onDragOver);
    host.element.addEventListener('dragleave', this.onDragLeave);
    host.element.addEventListener('drop', this.onDrop);
  }

  private notify(text: string, tone: 'info' | 'warn' | 'error', ms: number): void {
    this.host.notice()?.show(text, tone, ms);
  }

  /** Puts the run's link, at the cursor, on the clipboard (or selected in the panel). */
  async copyLink(): Promise<void> {
    const pg = this.host.session()?.playground;
    if (!pg) return;
    let url: string;
    try {
      url = shareUrl(location.origin, location.pathname, pg.link());
    } catch (e) {
      this.notify(t('share.noLink', { error: errorText(e) }), 'warn', 6000);
      return;
    }
    const at = formatTime(pg.now());
    this.panel.showLink(url);
    let copied = false;
    try {
      if (typeof navigator !== 'undefined' && navigator.clipboard && typeof navigator.clipboard.writeText === 'function') {
        await navigator.clipboard.writeText(url);
        copied = true;
      }
    } catch {
      // No permission (or no secure context): fall back to the text field.
    }
    if (!copied) copied = this.panel.selectLink();
    this.notify(copied ? t('share.copied', { time: at }) : t('share.copyByHand'), 'info', 4000);
  }

  /** Downloads the run as a run file. */
  async exportRun(): Promise<void> {
    const session = this.host.session();
    if (!session) return;
    const pg = session.playground;
    try {
      const { buildRunFile, downloadText, runFileName, runFileText } = await import('./runfile.js');
      const file = buildRunFile(pg, session.limits.eventsPage);
      const name = runFileName(pg.seed, file.cursorMs);
      downloadText(runFileText(file), name);
      this.notify(t('share.saved', { name }), 'info', 3000);
    } catch (e) {
      this.notify(t('share.exportFailed', { error: errorText(e) }), 'warn', 6000);
    }
  }

  /** Opens a run file; every failure is a notice and the current run goes on. */
  async importFile(file: File): Promise<void> {
    let link: string;
    try {
      const { checkRunFileSize, parseRunFile } = await import('./runfile.js');
      checkRunFileSize(file.size);
      const { maxLinkChars } = await loadLimits();
      link = parseRunFile(await file.text(), maxLinkChars).link;
    } catch (e) {
      this.notify(t('share.openFailed', { error: errorText(e) }), 'error', LOAD_ERROR_MS);
      return;
    }
    await this.host.openFile(link);
  }

  private readonly onDragOver = (e: DragEvent): void => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
    this.host.element.classList.add('rp-dropping');
  };

  private readonly onDragLeave = (e: DragEvent): void => {
    if (e.relatedTarget instanceof Node && this.host.element.contains(e.relatedTarget)) return;
    this.host.element.classList.remove('rp-dropping');
  };

  private readonly onDrop = (e: DragEvent): void => {
    this.host.element.classList.remove('rp-dropping');
    if (!hasFiles(e)) return;
    e.preventDefault();
    const file = e.dataTransfer?.files?.[0];
    if (file) void this.importFile(file);
  };
}
