/** Tests only: the text of `path` (relative to www/src), read from disk. */
export function sourceText(path: string): string;
