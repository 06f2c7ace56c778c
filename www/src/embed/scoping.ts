// Where an element draws itself. The page (index.html, embed.html) keeps the element's children
// in the light DOM, styled by style.css; the distributable bundle (bundle.ts) sets a stylesheet
// here before the element is defined, and every element then draws into its own shadow root
// with that sheet adopted, so its styles neither leak into a host page nor depend on it.

let shadowSheet: CSSStyleSheet | null = null;

/** Called by the bundle's entry before `<raft-playground>` is defined. */
export function useShadowStyles(sheet: CSSStyleSheet): void {
  shadowSheet = sheet;
}

/** Whether elements draw into shadow roots (the bundle) rather than the light DOM (the page). */
export function drawsInShadow(): boolean {
  return shadowSheet !== null;
}

/**
 * Where the playground's parts are built: the host itself (light DOM), or its open shadow root
 * with the sheet adopted (the bundle).
 */
export function contentRoot(host: HTMLElement): HTMLElement | ShadowRoot {
  if (shadowSheet === null || typeof host.attachShadow !== 'function') return host;
  const root = host.shadowRoot ?? host.attachShadow({ mode: 'open' });
  root.adoptedStyleSheets = [shadowSheet];
  return root;
}

/** The element focused within `node`'s tree (a shadow root has its own `activeElement`). */
export function activeElementOf(node: Node): Element | null {
  const root = node.getRootNode() as Document | ShadowRoot;
  return 'activeElement' in root ? root.activeElement : document.activeElement;
}
