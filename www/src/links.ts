// Share links in the address bar: the fragment holds the link text ("#r1.…"), so it never reaches
// a server. Reading it is all this module does; the wasm decides whether the text is a run.

/** The link text in a URL fragment ("#r1.x" -> "r1.x"); null when there is none. */
export function readFragment(hash: string | null | undefined): string | null {
  if (typeof hash !== 'string') return null;
  const text = (hash.startsWith('#') ? hash.slice(1) : hash).trim();
  return text === '' ? null : text;
}

/** The URL that opens `link`: this page, without its query, with the link as the fragment. */
export function shareUrl(origin: string, pathname: string, link: string): string {
  return `${origin}${pathname}#${link}`;
}
