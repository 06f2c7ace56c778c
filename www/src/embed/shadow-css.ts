// The element's stylesheet, rewritten for a shadow root. style.css is written for the light DOM
// (the full page and embed.html): its rules name the element `raft-playground`. Inside a shadow
// root the element is the host, so `raft-playground` becomes `:host`, and a compound on it
// (`raft-playground.rp-embed`, `raft-playground[data-view='logs']`) becomes `:host(…)`. Rules
// that name only inner classes need no change: the shadow root scopes them.

/** `raft-playground` followed by the compound selectors that qualify it (classes, attributes,
 * pseudo-classes), up to the next combinator, comma or block. */
const HOST_SELECTOR = /\braft-playground((?:\.[\w-]+|\[[^\]]*\]|:[\w-]+(?:\([^)]*\))?)*)(?![\w-])/g;

/** style.css's text as a shadow root's stylesheet. */
export function toShadowCss(lightCss: string): string {
  return lightCss.replace(HOST_SELECTOR, (_m, compound: string) => (compound ? `:host(${compound})` : ':host'));
}
