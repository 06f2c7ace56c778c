// The share panel: "Copy link" (the run at the cursor as a URL), and run files: "Export" saves
// one, "Import" opens one from a file picker (the element also takes a file dropped on it).
// Like Controls it reports intent; the element builds links and reads files.

import { html, setClass } from '../render/dom.js';
import { localize, localizeAttr } from '../i18n/index.js';

export interface ShareActions {
  copyLink(): void;
  exportRun(): void;
  importFile(file: File): void;
}

export class SharePanel {
  readonly el: HTMLElement;
  readonly linkText: HTMLInputElement;
  readonly fileInput: HTMLInputElement;

  constructor(parent: HTMLElement, actions: ShareActions) {
    this.el = html('section', { class: 'rp-share' }, parent);
    localize(html('h2', {}, this.el), 'share.heading');
    const row = html('div', { class: 'share-row' }, this.el);
    const copy = html('button', { type: 'button', 'data-testid': 'copy-link' }, row);
    localize(copy, 'share.copy');
    localizeAttr(copy, 'title', 'share.copyTitle');
    copy.addEventListener('click', () => actions.copyLink());
    const exp = html('button', { type: 'button', 'data-testid': 'export' }, row);
    localize(exp, 'share.export');
    localizeAttr(exp, 'title', 'share.exportTitle');
    exp.addEventListener('click', () => actions.exportRun());
    const imp = html('label', { class: 'file-button' }, row);
    localizeAttr(imp, 'title', 'share.importTitle');
    this.fileInput = html('input', { type: 'file', accept: '.json,application/json', 'data-testid': 'import-input', class: 'visually-hidden' }, imp);
    localize(html('span', {}, imp), 'share.import');
    this.fileInput.addEventListener('change', () => {
      const file = this.fileInput.files?.[0];
      // Clear first, so choosing the same file again fires `change` again.
      this.fileInput.value = '';
      if (file) actions.importFile(file);
    });
    this.linkText = html('input', {
      type: 'text',
      readonly: '',
      class: 'link-text hidden',
      'data-testid': 'link-text',
      spellcheck: 'false',
    }, this.el);
    localizeAttr(this.linkText, 'aria-label', 'share.linkLabel');
    this.linkText.addEventListener('focus', () => this.linkText.select());
  }

  /** Shows the link in the read-only field (as a value, never markup). */
  showLink(url: string): void {
    this.linkText.value = url;
    setClass(this.linkText, 'hidden', false);
  }

  /** Selects the field's text for a manual copy; returns whether the old copy command worked. */
  selectLink(): boolean {
    this.linkText.focus();
    this.linkText.select();
    try {
      return typeof document.execCommand === 'function' && document.execCommand('copy');
    } catch {
      return false;
    }
  }
}
