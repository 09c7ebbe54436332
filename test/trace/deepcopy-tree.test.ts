/**
 * A Deep Copy's call tree is a view over the parser's arrays (src/trace/deepcopy-tree.ts): the same
 * tree, folded lines and JSON as the objects it used to make, with twins (two children of one node
 * with one frame, as a pasted or edited Deep Copy may hold) merged, their children merged in turn.
 */
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { analyzeTraceFile } from '../../src/trace/analyze.js';
import type { CallTreeNode } from '../../src/trace/model.js';
import { runCli } from '../helpers/cli.js';

const HEADER = 'Weight\tSelf Weight\tSymbol Names\n';
const row = (ms: number, self: number, depth: number, name: string) => `${ms.toFixed(2)} ms  100.0%\t${self.toFixed(2)} ms\t${' '.repeat(3 + depth)}${name}\n`;

// main has two `work` children (twins); the second's `leaf` and `io` merge with the first's; `work`
// also recurs under itself (a frame under its own node is not a twin).
const TWINS =
  HEADER +
  row(100, 0, 0, 'start') +
  row(100, 0, 1, 'main') +
  row(40, 5, 2, 'work') +
  row(20, 20, 3, 'leaf') +
  row(15, 5, 3, 'work') +
  row(10, 10, 4, 'leaf') +
  row(30, 30, 2, 'other') +
  row(30, 10, 2, 'work') +
  row(15, 15, 3, 'leaf') +
  row(5, 5, 3, 'io');

/** What the parser's objects were: a node per line, then twins merged top-down, children by total then name. */
function reference(text: string): CallTreeNode {
  const root: CallTreeNode = { name: '(all samples)', binary: null, self: 0, total: 0, children: [] };
  const open: CallTreeNode[] = [root];
  for (const line of text.split('\n').slice(1).filter(Boolean)) {
    const [w, s, sym] = line.split('\t') as [string, string, string];
    const depth = sym.length - sym.trimStart().length - 3;
    const n: CallTreeNode = { name: sym.trim(), binary: null, self: parseFloat(s), total: parseFloat(w), children: [] };
    (open[depth] as CallTreeNode).children.push(n);
    open[depth + 1] = n;
    if (depth === 0) root.total += n.total;
  }
  const merge = (n: CallTreeNode) => {
    const by = new Map<string, CallTreeNode>();
    for (const c of n.children) {
      const seen = by.get(c.name);
      if (!seen) by.set(c.name, c);
      else {
        seen.self += c.self;
        seen.total += c.total;
        seen.children.push(...c.children);
      }
    }
    n.children = [...by.values()].sort((a, b) => b.total - a.total || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    n.children.forEach(merge);
  };
  merge(root);
  return root;
}

const strip = (n: CallTreeNode): unknown => ({ name: n.name, self: n.self, total: n.total, children: n.children.map(strip) });

describe('the Deep Copy call tree view', () => {
  for (const [label, text] of [['twins', TWINS], ['no twins', HEADER + row(10, 0, 0, 'a') + row(6, 6, 1, 'b') + row(4, 4, 1, 'c')]] as const) {
    it(`${label}: the tree is the merged objects' tree; folded and --json --tree read the same`, async () => {
      const a = await analyzeTraceFile('-', { stdin: Readable.from([Buffer.from(text)]) });
      const p = a.profiles[0];
      expect(p?.compactTree).toBeDefined();
      const tree = p?.callTree as CallTreeNode;
      expect(strip(tree)).toEqual(strip(reference(text)));
      const folded = await runCli(['trace', '-', '--format', 'folded'], { stdin: text });
      const lines: string[] = [];
      const walk = (n: CallTreeNode, path: string[]) => {
        const here = [...path, n.name];
        if (n.self > 0) lines.push(`${here.join(';')} ${Math.round(n.self * 1000)}`);
        n.children.forEach((c) => walk(c, here));
      };
      reference(text).children.forEach((c) => walk(c, []));
      expect(folded.stdout.trimEnd().split('\n')).toEqual(lines);
      const json = JSON.parse((await runCli(['trace', '-', '--json', '--tree'], { stdin: text })).stdout);
      expect(json.profiles[0].callTree).toEqual(JSON.parse(JSON.stringify(tree)));
    });
  }

  it('twins merged: main has one work (70 ms, its leaf 35 ms, io and the recursive work kept)', async () => {
    const a = await analyzeTraceFile('-', { stdin: Readable.from([Buffer.from(TWINS)]) });
    const main = (a.profiles[0]?.callTree as CallTreeNode).children[0]?.children[0] as CallTreeNode;
    expect(main.children.map((c) => [c.name, c.total])).toEqual([['work', 70], ['other', 30]]);
    const work = main.children[0] as CallTreeNode;
    expect(work.children.map((c) => [c.name, c.total, c.self])).toEqual([['leaf', 35, 35], ['work', 15, 5], ['io', 5, 5]]);
  });
});
