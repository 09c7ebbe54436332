/**
 * The call tree kept in typed arrays (src/trace/compact-tree.ts) and the outputs streamed from it:
 * the JSON written in pieces is what JSON.stringify writes of the tree made into objects, and the
 * folded lines streamed from it are those of the objects; both on our fixtures, whose trees the
 * other tests check by hand.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeTraceFile } from '../../src/trace/analyze.js';
import { buildTree, summarizeLeaves } from '../../src/trace/compact-tree.js';
import { StackTable } from '../../src/trace/xctrace/stacks.js';
import { renderTraceJson } from '../../src/render/trace/json.js';
import { renderTraceText } from '../../src/render/trace/text.js';
import { renderFolded } from '../../src/render/trace/tree.js';
import type { CallTreeNode, ProfileSummary } from '../../src/trace/model.js';
import { runCli } from '../helpers/cli.js';
// @ts-expect-error: the benchmark's generator is plain JavaScript
import { generateApp } from '../bench/gen-xctrace-app.mjs';

const FIXTURES = ['fixtures/traces/tagged-backtrace-coreml.xml', 'fixtures/traces/cpu-profile-text-addresses.xml', 'fixtures/traces/multi-run.xml', 'fixtures/traces/time-sample.xml'];

function folded(root: CallTreeNode): string[] {
  const out: string[] = [];
  const walk = (n: CallTreeNode, path: string[]) => {
    const p = [...path, n.name.replace(/;/g, ':')];
    if (n.self > 0) out.push(`${p.join(';')} ${Math.round(n.self)}`);
    for (const c of n.children) walk(c, p);
  };
  for (const c of root.children) walk(c, []);
  return out;
}

describe('the compact call tree and its streamed outputs', () => {
  for (const file of FIXTURES) {
    it(`${file}: --json --tree is the tree as objects, a node a line; folded lines are the objects' lines`, async () => {
      const a = await analyzeTraceFile(file);
      const r = await runCli(['trace', file, '--json', '--tree']);
      expect(r.code).toBe(0);
      const j = JSON.parse(r.stdout);
      a.profiles.forEach((p: ProfileSummary, k: number) => {
        expect(j.profiles[k].callTree).toEqual(p.callTree);
      });
      // One line a node (src/core/json-tree.ts): as many node lines as the trees have nodes.
      const nodes = (n: CallTreeNode): number => 1 + n.children.reduce((t, c) => t + nodes(c), 0);
      const want = a.profiles.reduce((t: number, p: ProfileSummary) => t + (p.callTree ? nodes(p.callTree) : 0), 0);
      expect(r.stdout.split('\n').filter((l) => /^\s*(?:"callTree": )?\{"name": /.test(l)).length).toBe(want);
      if (a.profiles.length === 1) {
        const p = a.profiles[0] as ProfileSummary;
        const f = await runCli(['trace', file, '--format', 'folded']);
        const want = folded(p.callTree as CallTreeNode);
        if (p.noStackWeight > 0) want.push(`(no stack) ${p.noStackWeight}`);
        expect(f.stdout.trimEnd().split('\n')).toEqual(want);
      }
    });
  }

  it('keeps weights exact whether they fit 32 bits in units of their divisor or not (fractions, sums past 2^32)', () => {
    for (const weights of [[2e6, 4e6, 1e6, 3e6], [0.5, 0.25, 3, 1], [1e15, 3, 7e12, 1], [2 ** 31, 2 ** 31, 2 ** 31, 1]]) {
      const t = new StackTable();
      const sym = ['main', 'run', 'leafA', 'leafB'].map((name) => t.symbolOf(name, 'App', null));
      const [main, run, leafA, leafB] = sym as [number, number, number, number];
      const nodes = Int32Array.from([[leafA, run, main], [leafB, run, main], [main], [run, main]].map((p) => t.intern(p)));
      const tree = buildTree(t, nodes, Float64Array.from(weights), nodes.length, new Set()).toCallTree();
      const [a, b, c, d] = weights as [number, number, number, number];
      const top = tree.children[0] as CallTreeNode;
      expect([tree.total, top.name, top.total, top.self]).toEqual([a + b + c + d, 'main', a + b + c + d, c]);
      const mid = top.children[0] as CallTreeNode;
      expect([mid.total, mid.self]).toEqual([a + b + d, d]);
      expect(mid.children.map((x) => [x.total, x.self]).sort((x, y) => (x[0] as number) - (y[0] as number))).toEqual([[a, a], [b, b]].sort((x, y) => (x[0] as number) - (y[0] as number)));
    }
  });

  it('the stack table interns the same after its hash is released for the tree (it is rebuilt)', () => {
    const t = new StackTable();
    const paths = Array.from({ length: 300 }, (_, k) => Array.from({ length: 2 + (k % 9) }, (_, d) => (k * 7 + d * 13) % 50));
    const nodes = paths.map((p) => t.intern(p));
    const size = t.size;
    t.releaseHash();
    expect(paths.map((p) => t.intern(p))).toEqual(nodes);
    expect(t.size).toBe(size);
    expect(t.intern([999, ...(paths[0] as number[])])).toBe(size);
    expect(t.path(size)).toEqual([999, ...(paths[0] as number[])]);
  });

  it('the tree\'s child lists are the table\'s parents and hash: two trees share them, reading parents after restores them and the older tree refuses to walk', () => {
    const t = new StackTable();
    const paths = Array.from({ length: 400 }, (_, k) => Array.from({ length: 3 + (k % 11) }, (_, d) => (k * 5 + d * 17) % 60));
    const nodes = Int32Array.from(paths.map((p) => t.intern(p)));
    const ones = new Float64Array(nodes.length).fill(1);
    const twos = new Float64Array(nodes.length).fill(2);
    const a = buildTree(t, nodes, ones, nodes.length, new Set());
    const b = buildTree(t, nodes, twos, nodes.length, new Set());
    const shape = (n: CallTreeNode): unknown => [n.name, n.self, n.total, n.children.map(shape)];
    const ta = a.toCallTree();
    expect(a.rootTotal).toBe(nodes.length);
    expect(b.rootTotal).toBe(2 * nodes.length);
    // Each distinct path's leaf carries its stacks' weight (the same path interned twice adds up).
    const count = new Map<number, number>();
    for (const n of nodes) count.set(n, (count.get(n) ?? 0) + 1);
    for (const [n, c] of count) expect(a.selfOf(n)).toBe(c);
    const doubled = (n: CallTreeNode): unknown => [n.name, n.self * 2, n.total * 2, n.children.map(doubled)];
    expect(shape(b.toCallTree())).toEqual(doubled(ta));
    // Parents read again: the paths are what was interned, the trees made before refuse to walk.
    expect(paths.map((p, k) => t.path(nodes[k] as number))).toEqual(paths);
    expect(() => a.toCallTree()).toThrow(/internal: a call tree was read after its stack table changed/);
    expect(shape(buildTree(t, nodes, ones, nodes.length, new Set()).toCallTree())).toEqual(shape(ta));
    expect(paths.map((p) => t.intern(p))).toEqual([...nodes]);
  });

  it('past the cap on the call tree\'s nodes, a stack\'s deepest frames merge into their caller: weights kept, reported in the JSON, the text and a warning', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'compact-tree-'));
    const app = join(dir, 'app.xml');
    const gen = await generateApp(app, { mb: 1, frames: 5_000, seed: 9 });
    const whole = await analyzeTraceFile(app, { top: 100_000 });
    const nodes = (t: CallTreeNode): number => 1 + t.children.reduce((a, c) => a + nodes(c), 0);
    const all = nodes((whole.profiles[0] as ProfileSummary).callTree as CallTreeNode);
    expect(whole.stacksMerged).toBeUndefined();
    const cap = Math.floor(all / 3);
    const a = await analyzeTraceFile(app, { maxStackNodes: cap, top: 100_000 });
    const p = a.profiles[0] as ProfileSummary;
    const tree = p.callTree as CallTreeNode;
    expect(nodes(tree)).toBeLessThanOrEqual(cap);
    expect(nodes(tree)).toBeGreaterThan(cap / 2);
    expect(a.stacksMerged?.maxNodes).toBe(cap);
    expect(a.stacksMerged?.stacks).toBeGreaterThan(0);
    expect(a.warnings.join('\n')).toContain(`${a.stacksMerged?.stacks.toLocaleString('en')} distinct stack(s) have their deepest frames merged into their caller`);
    // Nothing is lost: the same samples and weights, the no-stack weight as before.
    expect([p.samples, p.totalWeight, p.noStackWeight]).toEqual([gen.samples, gen.total, gen.noStack]);
    expect(tree.total + p.noStackWeight).toBe(gen.total);
    const lines = [...renderFolded(a.profiles)].join('').trimEnd().split('\n');
    expect(lines.reduce((s, l) => s + Number(l.slice(l.lastIndexOf(' ') + 1)), 0)).toBe(gen.total);
    expect(JSON.parse(renderTraceJson(a)).stacksMerged).toEqual(a.stacksMerged);
    expect(renderTraceText(a)).toContain('merged into their caller past the call tree');
    // The frames nearest the root keep their totals: the callers the merged frames weigh in.
    const byTotal = (x: ProfileSummary) => new Map(x.topFrames.map((f) => [`${f.name}\u0000${f.binary}`, f.total]));
    const before = byTotal(whole.profiles[0] as ProfileSummary);
    for (const c of tree.children) expect(byTotal(p).get(`${c.name}\u0000${c.binary}`)).toBe(before.get(`${c.name}\u0000${c.binary}`));
  });

  it('--out writes the pieces to the file as they come', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'compact-tree-')), 'stacks.folded');
    const r = await runCli(['trace', FIXTURES[0] as string, '--format', 'folded', '--out', out]);
    expect(r.code).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe((await runCli(['trace', FIXTURES[0] as string, '--format', 'folded'])).stdout);
  });

  it('the tree agrees with the summaries: Σ self per frame, Σ total of outermost nodes, engines; every node is self + its children, in order', async () => {
    // The summaries walk each stack leaf to root (summarizeLeaves); the tree groups the same
    // weights root to leaf (buildTree): two ways to the same figures, checked node by node.
    const dir = mkdtempSync(join(tmpdir(), 'compact-tree-'));
    const app = join(dir, 'app.xml');
    await generateApp(app, { mb: 1, frames: 5_000, seed: 5 });
    for (const file of [...FIXTURES, app]) {
      for (const p of (await analyzeTraceFile(file, { top: 100_000 })).profiles as ProfileSummary[]) {
        const root = p.callTree as CallTreeNode;
        expect(root.total + p.noStackWeight).toBe(p.totalWeight);
        const self = new Map<string, number>();
        const total = new Map<string, number>();
        const engines = new Map<string, number>();
        const walk = (n: CallTreeNode, onPath: Set<string>) => {
          expect(n.self + n.children.reduce((a, c) => a + c.total, 0)).toBe(n.total);
          n.children.forEach((c, k) => {
            const prev = n.children[k - 1];
            if (prev) expect(prev.total > c.total || (prev.total === c.total && prev.name <= c.name)).toBe(true);
          });
          const key = `${n.name}\u0000${n.binary}`;
          self.set(key, (self.get(key) ?? 0) + n.self);
          if (!onPath.has(key)) total.set(key, (total.get(key) ?? 0) + n.total);
          if (n.self) engines.set(n.engine as string, (engines.get(n.engine as string) ?? 0) + n.self);
          const path = new Set(onPath).add(key);
          for (const c of n.children) walk(c, path);
        };
        for (const c of root.children) walk(c, new Set());
        for (const f of p.topFrames) {
          const key = `${f.name}\u0000${f.binary}`;
          expect([self.get(key), total.get(key)]).toEqual([f.self, f.total]);
        }
        expect(p.topFrames.length).toBe(total.size);
        engines.set('unknown', (engines.get('unknown') ?? 0) + p.noStackWeight);
        for (const [e, w] of Object.entries(p.engines)) expect([e, engines.get(e) ?? 0]).toEqual([e, w]);
      }
    }
  });

  it('an export of several megabytes read from a file (read buffers used in turn) gives what it gives on stdin (one buffer)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cmd-reuse-'));
    const app = join(dir, 'app.xml');
    await generateApp(app, { mb: 4, frames: 5_000, seed: 11 });
    for (const args of [['--format', 'folded'], ['--json', '--tree']]) {
      const fromFile = await runCli(['trace', app, ...args]);
      const fromStdin = await runCli(['trace', '-', ...args], { stdin: readFileSync(app) });
      expect(fromFile.code).toBe(0);
      expect(fromFile.stdout.length).toBeGreaterThan(100_000);
      expect(fromStdin.stdout.replace(/"source": "<stdin>"/, `"source": ${JSON.stringify(app)}`)).toBe(fromFile.stdout);
    }
  });

  it('the summaries do not need the tree: without one, the same top frames, engines and binaries', async () => {
    // The fixtures, and a real app's shape (gen-xctrace-app.mjs: recursion, ML engines under app
    // frames, a third of the rows reusing a backtrace), where the summaries walk each stack instead.
    const dir = mkdtempSync(join(tmpdir(), 'compact-tree-'));
    const app = join(dir, 'app.xml');
    const gen = await generateApp(app, { mb: 1, frames: 5_000, seed: 3 });
    for (const file of [...FIXTURES, app]) {
      const withTree = (await analyzeTraceFile(file, { top: 200 })).profiles;
      const without = (await analyzeTraceFile(file, { top: 200, callTree: false })).profiles;
      expect(without.length).toBe(withTree.length);
      without.forEach((p: ProfileSummary, k: number) => {
        const t = withTree[k] as ProfileSummary;
        expect(p.callTree).toBeUndefined();
        expect(p.compactTree).toBeUndefined();
        expect([p.topFrames, p.engines, p.binaries, p.stacks]).toEqual([t.topFrames, t.engines, t.binaries, t.stacks]);
      });
    }
    const p = (await analyzeTraceFile(app, { callTree: false })).profiles[0] as ProfileSummary;
    expect([p.samples, p.totalWeight, p.noStackWeight]).toEqual([gen.samples, gen.total, gen.noStack]);
    for (const f of [...gen.bySelf, ...gen.byTotal]) expect(p.topFrames).toContainEqual({ name: f.name, binary: f.binary, self: f.self, total: f.total });
    expect(Object.values(p.engines).reduce((a, b) => a + b, 0)).toBe(gen.total);
  });

  it('the summaries are the same whether each stack is walked leaf to root or the prefix tree once (recursion, ML engines, no-stack weight, repeated leaves)', () => {
    // Random stacks of a few symbols (so that frames recur on a path), some in ML engines' binaries,
    // some without a binary (classified by name), weights that are zero, repeated or on the root.
    let seed = 7;
    const rnd = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % n;
    };
    for (const round of [0, 1, 2]) {
      const t = new StackTable();
      const binaries = ['App', 'Espresso', 'AppleNeuralEngine', 'libBNNS.dylib', 'UIKitCore', null];
      const syms = Array.from({ length: 40 }, (_, k) => t.symbolOf(k % 7 === 0 ? `_ANEModel${k}` : `f${k}`, binaries[k % binaries.length] as string | null, binaries[k % binaries.length] === null ? null : `/x/${binaries[k % binaries.length]}`));
      const paths: number[][] = [];
      for (let k = 0; k < 500; k++) {
        const base = paths.length > 0 && rnd(3) > 0 ? (paths[rnd(paths.length)] as number[]).slice(rnd(3)) : [];
        const more = Array.from({ length: rnd(12) }, () => syms[rnd(round === 0 ? 6 : syms.length)] as number);
        paths.push([...more, ...base]);
      }
      const nodes = Int32Array.from(paths.map((p) => t.intern(p)));
      const weights = Float64Array.from(paths, (_, k) => (k % 17 === 0 ? 0 : 1 + rnd(1000)));
      const apps = new Set(['App']);
      const a = summarizeLeaves(t, nodes, weights, nodes.length, 1000, apps, 'paths');
      const b = summarizeLeaves(t, nodes, weights, nodes.length, 1000, apps, 'tree');
      expect(b).toEqual(a);
      expect(summarizeLeaves(t, nodes, weights, nodes.length, 5, apps)).toEqual(summarizeLeaves(t, nodes, weights, nodes.length, 5, apps, 'paths'));
      // Against the definition: total = Σ weight of the stacks whose path holds the symbol.
      for (const f of a.topFrames) {
        let total = 0;
        let self = 0;
        paths.forEach((p, k) => {
          const names = p.map((s) => t.name(s));
          if (p.some((s) => t.name(s) === f.name && t.binaryNameOf(s) === f.binary)) total += weights[k] as number;
          if (p.length > 0 && names[0] === f.name && t.binaryNameOf(p[0] as number) === f.binary) self += weights[k] as number;
        });
        expect([f.name, f.total, f.self]).toEqual([f.name, total, self]);
      }
      expect(Object.values(a.engines).reduce((x, y) => x + y, 0)).toBe(weights.reduce((x, y) => x + y, 0));
      // A few top frames (a selection, not a sort): the first by self and by total of all of them.
      const byTotal = (x: { self: number; total: number; name: string }, y: typeof x) => y.total - x.total || y.self - x.self || (x.name < y.name ? -1 : x.name > y.name ? 1 : 0);
      for (const k of [1, 3, 5]) {
        const keep = new Set([...a.topFrames.slice(0, k), ...[...a.topFrames].sort(byTotal).slice(0, k)]);
        expect(summarizeLeaves(t, nodes, weights, nodes.length, k, apps).topFrames).toEqual(a.topFrames.filter((f) => keep.has(f)));
      }
      // Ties everywhere: weights of 1 and 2.
      const ties = Float64Array.from(paths, () => 1 + rnd(2));
      const all = summarizeLeaves(t, nodes, ties, nodes.length, 1000, apps).topFrames;
      const keep = new Set([...all.slice(0, 4), ...[...all].sort(byTotal).slice(0, 4)]);
      expect(summarizeLeaves(t, nodes, ties, nodes.length, 4, apps).topFrames).toEqual(all.filter((f) => keep.has(f)));
    }
  });
});
