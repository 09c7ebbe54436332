/**
 * The house's import graph: every import between src/ folders runs the way
 * test/architecture/folders.ts allows (so no folder imports a folder that imports it), and no file
 * takes part in an import cycle, type-only imports included. Imports are read from the sources
 * (static, `export ... from` and `import('...')` with a literal path); ARCHITECTURE.md's table of
 * folders says the same as the data.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/corpus.js';
import { MAY_IMPORT } from './folders.js';

const SRC = join(REPO_ROOT, 'src');

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

const IMPORT = /(?:^|[\s;])(?:import|export)\s+(?:type\s+)?(?:[^'"`;]*?\sfrom\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/gm;

/** Comments out of the way (a path in a comment is not an import). */
function code(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/[^\n]*/g, '$1');
}

const rel = (f: string) => relative(SRC, f).split('\\').join('/');
const folderOf = (f: string) => rel(f).split('/')[0] as string;

const graph = new Map<string, Set<string>>();
for (const f of files(SRC)) {
  const deps = new Set<string>();
  for (const m of code(readFileSync(f, 'utf8')).matchAll(IMPORT)) {
    const spec = m[1] ?? m[2];
    if (!spec || !spec.startsWith('.')) continue;
    deps.add(resolve(dirname(f), spec.replace(/\.js$/, '.ts')));
  }
  graph.set(f, deps);
}

/** Strongly connected components with more than one file, or a file importing itself (Tarjan). */
function cycles(g: Map<string, Set<string>>): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string) => {
    idx.set(v, index);
    low.set(v, index);
    index++;
    stack.push(v);
    on.add(v);
    for (const w of g.get(v) ?? []) {
      if (!g.has(w)) continue;
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v) as number, idx.get(w) as number));
    }
    if (low.get(v) === idx.get(v)) {
      const scc: string[] = [];
      for (;;) {
        const w = stack.pop() as string;
        on.delete(w);
        scc.push(w);
        if (w === v) break;
      }
      if (scc.length > 1 || g.get(v)?.has(v)) out.push(scc.map(rel).sort());
    }
  };
  for (const v of g.keys()) if (!idx.has(v)) visit(v);
  return out;
}

describe('the import graph', () => {
  it('reads the sources (not a yes-machine): it sees the engine, the registry and the lazy command imports', () => {
    const deps = (f: string) => [...(graph.get(join(SRC, f)) ?? [])].map(rel);
    expect(graph.size).toBeGreaterThan(150);
    expect(deps('report/build.ts')).toContain('budget/engine.ts');
    expect(deps('cli/commands/log.ts')).toContain('inputs/registry.ts');
    expect(cycles(new Map([['a', new Set(['b'])], ['b', new Set(['a'])]]))).toHaveLength(1);
  });

  it('every folder of src/ has a row in the allowed directions', () => {
    const folders = new Set([...graph.keys()].map(folderOf));
    for (const f of folders) expect(Object.keys(MAY_IMPORT), `src/${f}/ needs a row in test/architecture/folders.ts`).toContain(f);
  });

  it('the allowed directions themselves have no cycle', () => {
    const g = new Map(Object.entries(MAY_IMPORT).map(([k, v]) => [k, new Set(v)]));
    expect(cycles(g)).toEqual([]);
  });

  it('imports between folders run only the allowed way', () => {
    const bad: string[] = [];
    for (const [f, deps] of graph) {
      for (const d of deps) {
        const from = folderOf(f);
        const to = folderOf(d);
        if (from !== to && !(MAY_IMPORT[from] ?? []).includes(to)) bad.push(`${rel(f)} -> ${rel(d)}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('no file takes part in an import cycle', () => {
    expect(cycles(graph)).toEqual([]);
  });

  it("ARCHITECTURE.md's table of folders says what the data says", () => {
    const doc = readFileSync(join(REPO_ROOT, 'ARCHITECTURE.md'), 'utf8');
    for (const [folder, may] of Object.entries(MAY_IMPORT)) {
      const row = new RegExp(`^\\| \`src/${folder}/\` \\|[^|]*\\| ([^|]*) \\|`, 'm').exec(doc);
      expect(row, `ARCHITECTURE.md has no row for src/${folder}/`).not.toBeNull();
      const listed = (row?.[1] ?? '').split(',').map((s) => s.trim().replace(/`/g, '').replace(/\/$/, '')).filter((s) => s && s !== '—');
      expect(listed.sort(), `src/${folder}/`).toEqual([...may].sort());
    }
  });
});
