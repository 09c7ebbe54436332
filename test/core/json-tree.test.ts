/**
 * src/core/json-tree.ts: a tree as JSON, one node a line, indentation capped: it parses to the
 * tree, whatever its depth and width, and its size grows with the nodes, not with their depth.
 */
import { describe, expect, it } from 'vitest';
import { jsonTree, MAX_LEVELS, type JsonTreeSource } from '../../src/core/json-tree.js';

interface T {
  name: string;
  n: number;
  children: T[];
}

const SOURCE: JsonTreeSource<T, number> = {
  open: (t, depth) => ({ members: `"name": ${JSON.stringify(t.name)}, "n": ${t.n}`, children: t.children, pass: depth + 1 }),
};

function chain(depth: number): T {
  let t: T = { name: `leaf "${depth}"`, n: depth, children: [] };
  for (let d = depth - 1; d >= 0; d--) t = { name: `f${String(d).padStart(4, '0')}\n\u2028`, n: d % 10, children: [t] };
  return t;
}

function bushy(width: number, depth: number, id = { n: 0 }): T {
  const n = id.n++;
  return { name: `node ${n}`, n, children: depth === 0 ? [] : Array.from({ length: width }, () => bushy(width, depth - 1, id)) };
}

const text = (t: T, indent = '') => [...jsonTree(t, 0, SOURCE, indent)].join('');

describe('jsonTree', () => {
  it('parses to the tree: deep chains, bushy trees, a leaf alone, names with quotes and line separators', () => {
    for (const t of [chain(1), chain(150), bushy(4, 5), { name: 'alone', n: 1, children: [] }]) {
      expect(JSON.parse(text(t))).toEqual(t);
    }
  });

  it('one node a line, two spaces a level up to MAX_LEVELS, deeper nodes at that level', () => {
    const lines = text(chain(150), '    ').split('\n');
    const opening = lines.filter((l) => l.includes('{"name"'));
    expect(opening.length).toBe(151);
    const indents = opening.map((l) => (/^ */.exec(l) as RegExpExecArray)[0].length);
    expect(indents[0]).toBe(0);
    expect(indents.slice(1, 6)).toEqual([6, 8, 10, 12, 14]);
    expect(Math.max(...indents)).toBe(4 + 2 * MAX_LEVELS);
    // A leaf closes on its own line; each other node closes on a line of its own, at its indentation.
    expect(opening[150]).toMatch(/"children": \[\]\}$/);
    expect(lines.filter((l) => l.trim() === ']}').length).toBe(150);
  });

  it('grows with the nodes, not their depth: past MAX_LEVELS a node costs the same however deep', () => {
    const perNode = (d: number) => text(chain(d)).length / (d + 1);
    expect(perNode(1000) / perNode(500)).toBeLessThan(1.02);
    expect(perNode(1000)).toBeLessThan(40 + 4 * MAX_LEVELS + 10);
    // JSON.stringify(tree, null, 2) of the same chains: per node, five times bigger at 1000 than at 150.
    const pretty = (d: number) => JSON.stringify(chain(d), null, 2).length / (d + 1);
    expect(pretty(1000) / pretty(150)).toBeGreaterThan(5);
  });

  it('comes in pieces of bounded size', () => {
    const pieces = [...jsonTree(bushy(6, 6), 0, SOURCE, '')];
    expect(pieces.length).toBeGreaterThan(10);
    for (const p of pieces) expect(p.length).toBeLessThan((1 << 16) + 200);
  });
});
