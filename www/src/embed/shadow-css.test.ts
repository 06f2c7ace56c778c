import { describe, expect, it } from 'vitest';
import { sourceText } from '../testing/source-text.js';
import { toShadowCss } from './shadow-css.js';

const lightCss = `${sourceText('style.css')}\n${sourceText('embed/embed.css')}`;

describe('style.css in a shadow root', () => {
  it('turns the element selector into :host and its compounds into :host(…)', () => {
    expect(toShadowCss('raft-playground { color: red }')).toBe(':host { color: red }');
    expect(toShadowCss('raft-playground *, raft-playground *::before {}')).toBe(':host *, :host *::before {}');
    expect(toShadowCss("raft-playground.rp-embed .rp-header, raft-playground[data-view='logs'] .x {}")).toBe(
      ":host(.rp-embed) .rp-header, :host([data-view='logs']) .x {}",
    );
    expect(toShadowCss('raft-playground:focus-visible {}')).toBe(':host(:focus-visible) {}');
  });

  it('leaves inner class names alone, even ones that start with the element name', () => {
    expect(toShadowCss('.rp-app .raft-playground-x { }')).toBe('.rp-app .raft-playground-x { }');
  });

  it('leaves no light-DOM element selector in the real sheet', () => {
    const shadow = toShadowCss(lightCss);
    expect(shadow).not.toMatch(/(^|[\s,{}])raft-playground\b/);
    expect(shadow).toContain(':host(.rp-embed)');
    expect(shadow).toContain(":host([data-controls='none']) :is(.rp-toolbar");
  });

  it('adopts every sheet a module imports for itself (a document sheet styles nothing in a shadow root)', () => {
    // Keys are relative to this file (www/src/embed/); resolve both sides against www/src.
    const modules = import.meta.glob(['../**/*.ts', '!../**/*.test.ts'], { query: '?raw', import: 'default', eager: true }) as Record<string, string>;
    const at = (file: string, spec: string): string => new URL(spec, new URL(file, 'file:///src/embed/')).pathname;
    const imported = new Set<string>();
    for (const [file, text] of Object.entries(modules)) {
      // main.ts is the light-DOM pages' entry: its page.css styles the document around them.
      if (file === '../main.ts') continue;
      for (const m of text.matchAll(/^import '(\.[^']+\.css)';$/gm)) imported.add(at(file, m[1]));
    }
    const setup = sourceText('embed/shadow-setup.ts');
    const adopted = new Set([...setup.matchAll(/from '(\.[^']+\.css)\?inline'/g)].map((m) => at('./shadow-setup.ts', m[1])));
    expect(imported.size).toBeGreaterThan(0);
    expect([...imported].filter((css) => !adopted.has(css))).toEqual([]);
  });
});
