import { describe, expect, it } from 'vitest';
import { readFragment, shareUrl } from './links.js';

describe('the link in the fragment', () => {
  it('reads the text after #', () => {
    expect(readFragment('#r2.x')).toBe('r2.x');
    expect(readFragment('r2.x')).toBe('r2.x');
    expect(readFragment('#  r2.abc-_  ')).toBe('r2.abc-_');
  });

  it('is null when there is none', () => {
    expect(readFragment('')).toBeNull();
    expect(readFragment('#')).toBeNull();
    expect(readFragment('#   ')).toBeNull();
    expect(readFragment(null)).toBeNull();
    expect(readFragment(undefined)).toBeNull();
  });

  it('passes anything else on as text, for the wasm to refuse', () => {
    expect(readFragment('#r9.AAAA')).toBe('r9.AAAA');
    expect(readFragment('#%3Cscript%3E')).toBe('%3Cscript%3E');
  });

  it('builds the share URL without the query', () => {
    expect(shareUrl('https://x.org', '/play/', 'r2.abc')).toBe('https://x.org/play/#r2.abc');
  });
});
