/**
 * The published package, as `npm install -g coreml-doctor` and `npx` meet it: `npm pack` (its
 * prepack builds dist/), then the tarball installed offline into a temporary prefix
 * (test/package/npm.ts) and run from a folder that has nothing to do with this checkout.
 *
 * What ships is checked as a kind, not file by file: only bin/, dist/, docs/, schemas/, README,
 * LICENSE and package.json; every dist module reachable from the CLI's entry point (a module only
 * tests import does not ship); no source map (src/ does not ship for one to point at); every bare
 * import in dist/ a runtime dependency and every runtime dependency imported; nothing runs at install.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, normalize, posix } from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/corpus.js';
import { installTarball, packCopy, run, type PackageJson, type Packed } from './npm.js';

const INSTALL_SCRIPTS = ['preinstall', 'install', 'postinstall', 'prepare', 'preprepare', 'postprepare'];
const SHIPPED_ROOTS = ['bin/', 'dist/', 'docs/', 'schemas/'];
const SHIPPED_FILES = ['package.json', 'README.md', 'LICENSE'];

/** The relative and bare module specifiers a JavaScript file imports (static, dynamic, re-exports). */
function importsOf(source: string): string[] {
  return ts.preProcessFile(source, true, true).importedFiles.map((f) => f.fileName);
}

/** `commander` → commander, `@scope/pkg/sub` → @scope/pkg. */
function packageName(spec: string): string {
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] as string);
}

describe('the npm package', () => {
  const dir = mkdtempSync(join(tmpdir(), 'coreml-doctor-pack-'));
  const installed = (...p: string[]) => join(dir, 'prefix', 'node_modules', 'coreml-doctor', ...p);
  let packed: Packed;
  let pkg: PackageJson;
  let bin: string;
  let paths: Set<string>;

  beforeAll(() => {
    const p = packCopy(REPO_ROOT, dir);
    packed = p.packed;
    pkg = JSON.parse(readFileSync(join(dir, 'checkout', 'package.json'), 'utf8')) as PackageJson;
    paths = new Set(packed.files.map((f) => f.path));
    bin = installTarball(REPO_ROOT, p.tarball, packed, p.pkg, join(dir, 'prefix')).bin;
  }, 600_000);

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('ships the CLI, its docs and schemas, and nothing else', () => {
    const stray = [...paths].filter((p) => !SHIPPED_FILES.includes(p) && !SHIPPED_ROOTS.some((r) => p.startsWith(r)));
    expect(stray).toEqual([]);
    for (const f of ['LICENSE', 'README.md', 'bin/coreml-doctor.js', 'dist/cli/main.js', 'schemas/budget.schema.json', 'schemas/pipeline.schema.json', 'docs/report.md']) {
      expect(paths, f).toContain(f);
    }
    expect([...paths].filter((p) => p.endsWith('.map') || p.endsWith('.ts') || /(^|\/)(test|tests|__tests__|fixtures|helpers)\//.test(p) || /\.(test|spec|bench)\./.test(p))).toEqual([]);
  });

  it('has its license and metadata, and runs nothing at install', () => {
    expect(pkg.license).toBe('MIT');
    const license = readFileSync(installed('LICENSE'), 'utf8');
    expect(license).toMatch(/^MIT License\n/);
    expect(license).toContain('Permission is hereby granted, free of charge');
    expect(pkg.keywords).toEqual(expect.arrayContaining(['coreml', 'coremltools', 'instruments']));
    expect(pkg.homepage).toMatch(/^https:\/\//);
    const scripts = pkg.scripts ?? {};
    expect(INSTALL_SCRIPTS.filter((s) => s in scripts)).toEqual([]);
    expect(scripts.prepack).toBeDefined();
  });

  it('ships every dist module the CLI can load, and only those', () => {
    const dist = [...paths].filter((p) => p.startsWith('dist/') && p.endsWith('.js'));
    const reached = new Set<string>();
    const queue = ['dist/cli/main.js'];
    while (queue.length) {
      const file = queue.pop() as string;
      if (reached.has(file)) continue;
      reached.add(file);
      const text = readFileSync(installed(file), 'utf8');
      // Modules loaded by path (a worker thread's script: new Worker(new URL('./x.js', import.meta.url))) count as imports.
      const byPath = [...text.matchAll(/new URL\(\s*['"](\.[^'"]+\.js)['"],\s*import\.meta\.url\s*\)/g)].map((m) => m[1] as string);
      for (const spec of [...importsOf(text), ...byPath]) {
        if (!spec.startsWith('.')) continue;
        const target = posix.normalize(posix.join(posix.dirname(file), spec));
        expect(paths, `${file} imports ${spec}`).toContain(target);
        queue.push(target);
      }
    }
    // A module of types only compiles to an empty `export {};` that nothing loads: harmless.
    const typesOnly = (f: string) => readFileSync(installed(f), 'utf8').trim() === 'export {};';
    expect(dist.filter((f) => !reached.has(f) && !typesOnly(f))).toEqual([]);
    // The launcher loads the entry point.
    expect(importsOf(readFileSync(installed('bin/coreml-doctor.js'), 'utf8'))).toContain('../dist/cli/main.js');
  });

  it('depends at run time on exactly the packages dist imports', () => {
    const bare = new Set<string>();
    for (const f of paths) {
      if (!f.endsWith('.js')) continue;
      for (const spec of importsOf(readFileSync(installed(f), 'utf8'))) {
        if (!spec.startsWith('.') && !isBuiltin(spec)) bare.add(packageName(spec));
      }
    }
    expect([...bare].sort()).toEqual(Object.keys(pkg.dependencies ?? {}).sort());
    for (const d of bare) expect(existsSync(join(dir, 'prefix', 'node_modules', d, 'package.json')), `${d} installed`).toBe(true);
    // Test-only libraries are not installed for users.
    for (const d of Object.keys(pkg.devDependencies ?? {})) expect(bare.has(d), `${d} is a devDependency`).toBe(false);
  });

  it('ships the docs the README links to, with their links intact', () => {
    const broken: string[] = [];
    for (const doc of ['README.md', ...[...paths].filter((p) => p.startsWith('docs/') && p.endsWith('.md'))]) {
      const text = readFileSync(installed(doc), 'utf8');
      for (const m of text.matchAll(/\]\(([^)\s#]+)(?:#[^)]*)?\)/g)) {
        const target = m[1] as string;
        if (/^[a-z]+:/i.test(target)) continue;
        const resolved = normalize(join(dirname(doc), target)).split('\\').join('/');
        if (!paths.has(resolved)) broken.push(`${doc} → ${target}`);
      }
    }
    expect(broken).toEqual([]);
    expect(paths).toContain('docs/gate.md');
  });

  describe('installed, run from an unrelated folder', () => {
    let elsewhere: string;
    beforeAll(() => {
      elsewhere = join(dir, 'elsewhere');
      mkdirSync(elsewhere);
      cpSync(join(REPO_ROOT, 'fixtures', 'demo'), join(elsewhere, 'demo'), { recursive: true });
    });

    it('prints its help and version', () => {
      const help = run(join(bin, 'coreml-doctor'), ['--help'], elsewhere);
      expect(help.stderr).toBe('');
      expect(help.code).toBe(0);
      expect(help.stdout).toMatch(/^Usage: coreml-doctor /);
      for (const c of ['log', 'rewrites', 'trace', 'report', 'gate']) expect(help.stdout).toMatch(new RegExp(`^  ${c}\\b`, 'm'));
      const version = run(join(bin, 'coreml-doctor'), ['--version'], elsewhere);
      expect(version.stdout.trim()).toBe(pkg.version);
    });

    it('reports a pipeline of optimization steps and gates it against a device preset', () => {
      const report = run(join(bin, 'coreml-doctor'), ['report', 'demo/pipeline.json', '--json', '-o', 'report.json', '--html', 'report.html'], elsewhere);
      expect(report.stderr).not.toMatch(/Error|at .*\.js:\d+/);
      expect(report.code).toBe(0);
      const json = JSON.parse(readFileSync(join(elsewhere, 'report.json'), 'utf8')) as { schemaVersion: number; steps: { name: string }[] };
      expect(json.schemaVersion).toBe(1);
      expect(json.steps.map((s) => s.name)).toEqual(['fp32', 'fp16', 'int8', 'palettize6+prune50']);
      expect(readFileSync(join(elsewhere, 'report.html'), 'utf8')).toMatch(/^<!doctype html>/);
      const gate = run(join(bin, 'coreml-doctor'), ['gate', '--report', 'report.json', '--preset', 'apple-watch-series-7', '--step', 'palettize6+prune50'], elsewhere);
      // 39.1 ms at p99 is over the Watch's 25 ms at 30 fps: a budget violation, exit 1, with the reason.
      expect(gate.stderr).toBe('');
      expect(gate.code).toBe(1);
      expect(gate.stdout).toMatch(/p99 latency 39\.1 ms is over the 30 fps per-inference budget of 25 ms/);
      expect(gate.stdout).toMatch(/^FAILED: 1 error/m);
    });
  });
});
