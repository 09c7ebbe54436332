import { describe, expect, it } from 'vitest';
import { StackTable } from '../../src/trace/xctrace/stacks.js';
import { hashUtf8, keyHash, keyOf, labelOfKey } from '../../src/trace/xctrace/symbols.js';

/** The symbol of a label given as bytes, the way the reader looks up a frame definition's name. */
function bySymbolBytes(t: StackTable, label: string, binary: string | null): number {
  const bytes = Buffer.from('xx' + keyOf(label), 'utf8');
  const bin = t.binaryKey(binary);
  return t.symbolOfBytes(bytes, 2, bytes.length, bin, hashUtf8(bytes, 2, bytes.length, bin), binary, null);
}

describe('symbols keyed by bytes', () => {
  it('meets the same symbol whether the label comes as a string or as its UTF-8 bytes', () => {
    const t = new StackTable();
    const a = t.symbolOf('0x1e2ac14c', null, null);
    expect(bySymbolBytes(t, '0x1e2ac14c', null)).toBe(a);
    const b = bySymbolBytes(t, 'café → main()', 'App');
    expect(t.symbolOf('café → main()', 'App', null)).toBe(b);
    expect(t.name(b)).toBe('café → main()');
    expect(t.binaryNameOf(b)).toBe('App');
  });

  it('keeps labels apart by binary, by length and by every byte', () => {
    const t = new StackTable();
    const labels = ['run', 'run ', 'ru', 'rum', '', 'Run'];
    const syms = labels.map((l) => bySymbolBytes(t, l, 'App'));
    expect(new Set(syms).size).toBe(labels.length);
    expect(bySymbolBytes(t, 'run', 'Other')).not.toBe(syms[0]);
    expect(bySymbolBytes(t, 'run', null)).not.toBe(syms[0]);
    expect(labels.map((l) => t.symbolOf(l, 'App', null))).toEqual(syms);
  });

  it('finds every one of many symbols again after the table grew', () => {
    const t = new StackTable();
    const n = 50_000;
    const syms: number[] = [];
    for (let k = 0; k < n; k++) syms.push(bySymbolBytes(t, `AppKit${k % 300}.Frame${k}.encode(_:)`, `AppKit${k % 7}`));
    expect(new Set(syms).size).toBe(n);
    for (let k = 0; k < n; k += 997) expect(t.symbolOf(`AppKit${k % 300}.Frame${k}.encode(_:)`, `AppKit${k % 7}`, null)).toBe(syms[k]);
    expect(t.symbolCount).toBe(n);
    for (let k = 0; k < n; k += 4999) expect(t.name(syms[k] as number)).toBe(`AppKit${k % 300}.Frame${k}.encode(_:)`);
  });

  it('keys a label by its UTF-8 with & < > " as entities, one to one, and decodes it back', () => {
    const labels = [`a -> b<T> 'x' "q" & c`, '&amp; literal', '&lt;', '<', 'plain', '', 'caf\u00e9 \u2192 \u2615', '&&;;"'];
    for (const l of labels) expect(labelOfKey(keyOf(l))).toBe(l);
    expect(keyOf(`a -> b<T> 'x' "q" & c`)).toBe(`a -&gt; b&lt;T&gt; 'x' &quot;q&quot; &amp; c`);
    expect(new Set(labels.map(keyOf)).size).toBe(labels.length);
    const t = new StackTable();
    const syms = labels.map((l) => bySymbolBytes(t, l, 'App'));
    expect(new Set(syms).size).toBe(labels.length);
    expect(labels.map((l) => t.symbolOf(l, 'App', null))).toEqual(syms);
    expect(syms.map((s) => t.name(s))).toEqual(labels);
  });

  it('hashes key bytes a word at a time wherever they start (the scanner hashes them in place)', () => {
    const text = Buffer.from('xyzAppKit215.Frame21.encode21(_:options:) -&gt; Swift.Array&lt;Frame&gt;');
    for (let a = 0; a < 4; a++) for (let b = a; b <= text.length; b += 5) expect(keyHash(text, a, b)).toBe(keyHash(Buffer.from(text.subarray(a, b)), 0, b - a));
    expect(keyHash(text, 3, 10)).not.toBe(keyHash(text, 3, 11));
  });

  it('sized up front for a big document, numbers symbols and call-path nodes as a table that grows', () => {
    // StackTable's expectedBytes makes its pages and records at the expected size (no growth step
    // while the hot code runs): only sizes, the same table.
    const grows = new StackTable();
    const sized = new StackTable(undefined, 300 * 2 ** 20);
    let seed = 7;
    const rand = (n: number) => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 8) % n;
    const labels = Array.from({ length: 30_000 }, (_, k) => `AppKit${k % 300}.Frame${k}.process(_:) -&gt; Swift.Array&lt;T${k}&gt;`);
    const syms = labels.map((l, k) => [bySymbolBytes(grows, l, `App${k % 9}`), bySymbolBytes(sized, l, `App${k % 9}`)]);
    expect(syms.every(([a, b]) => a === b)).toBe(true);
    const nodes: [number, number][] = [];
    let stack: number[] = [];
    for (let k = 0; k < 6_000; k++) {
      // A stack that drifts from the last one (the callers kept, new leaves), as a real thread's do.
      stack = stack.slice(Math.min(stack.length, 1 + rand(40)));
      while (stack.length < 30 + rand(60)) stack.unshift((syms[rand(syms.length)] as number[])[0] as number);
      nodes.push([grows.intern(stack), sized.intern(stack)]);
    }
    expect(grows.size).toBeGreaterThan(1 << 16); // past the first node page of the table that grows
    expect(sized.size).toBe(grows.size);
    expect(nodes.every(([a, b]) => a === b)).toBe(true);
    for (let k = 0; k < nodes.length; k += 97) expect(sized.path((nodes[k] as number[])[1] as number)).toEqual(grows.path((nodes[k] as number[])[0] as number));
    for (let s = 0; s < labels.length; s += 1009) expect(sized.name(s)).toBe(grows.name(s));
    expect(sized.flat()).toEqual(grows.flat());
  });
});
