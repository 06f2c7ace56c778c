// The seam's TypeScript types come from tsify, one interface per Rust type. Two Rust types of
// one name in different modules of web/ would land as two `export interface` declarations of
// that name in the generated .d.ts, which TypeScript silently merges into one type that fits
// neither: a field of one becomes required in the other. Catch it where it happens.
import { describe, expect, it } from 'vitest';
import dts from '../pkg/raft_playground_web.d.ts?raw';

describe('the generated seam types', () => {
  it('declare each interface and type once', () => {
    const names = [...dts.matchAll(/^export (?:interface|type) (\w+)/gm)].map((m) => m[1]);
    expect(names.length).toBeGreaterThan(10);
    const twice = names.filter((name, i) => names.indexOf(name) !== i);
    expect(twice).toEqual([]);
  });
});
