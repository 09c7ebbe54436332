/**
 * npm as a user meets it, for the package test: pack a copy of this checkout (its `prepack` builds
 * dist/ there, so the checkout's own dist/, which other test files run, is never rebuilt under
 * them), and install the tarball into a temporary prefix with `npm ci`, offline.
 *
 * Offline: the install gets a lockfile made of the tarball and the checkout's own lockfile entries
 * for the runtime dependencies, so npm needs no registry metadata, only the dependency tarballs,
 * which the checkout's `npm ci` left in npm's cache. Only when the cache lacks one (a cleaned
 * cache) does it fall back to `--prefer-offline`, i.e. the registry `npm ci` already uses.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface PackageJson {
  name: string;
  version: string;
  license?: string;
  bin?: Record<string, string>;
  files?: string[];
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  engines?: Record<string, string>;
  keywords?: string[];
  homepage?: string;
}

export interface Packed {
  filename: string;
  integrity: string;
  size: number;
  unpackedSize: number;
  files: { path: string; size: number }[];
}

/** What the build reads besides the package's own `files`. */
const BUILD_INPUTS = ['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'src'];

/**
 * The environment for a child npm: without the npm_* variables of an enclosing `npm test`
 * (npm_config_local_prefix would point the child at this checkout), but with the ones that say
 * where the cache and the user's configuration are.
 */
export function npmEnv(): NodeJS.ProcessEnv {
  const keep = new Set(['npm_config_cache', 'npm_config_userconfig', 'npm_config_globalconfig', 'npm_config_cafile', 'npm_config_registry']);
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^npm_/i.test(k) || keep.has(k.toLowerCase())) env[k] = v;
  return { ...env, NO_COLOR: '1', npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' };
}

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = npmEnv()): Run {
  const r = spawnSync(cmd, args, { cwd, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function must(r: Run, what: string): Run {
  if (r.code !== 0) throw new Error(`${what} exited ${r.code}:\n${r.stderr.slice(-4000)}`);
  return r;
}

/** Copies what `npm pack` needs from `repo` into `dir/checkout`, packs it there into `dir/out`. */
export function packCopy(repo: string, dir: string): { tarball: string; packed: Packed; pkg: PackageJson } {
  const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as PackageJson;
  const checkout = join(dir, 'checkout');
  const out = join(dir, 'out');
  mkdirSync(checkout, { recursive: true });
  mkdirSync(out, { recursive: true });
  // README and LICENSE ship whatever `files` says; dist/ is what prepack must build.
  const entries = new Set([...BUILD_INPUTS, 'README.md', 'LICENSE', ...(pkg.files ?? []).filter((f) => f !== 'dist')]);
  for (const e of entries) cpSync(join(repo, e), join(checkout, e), { recursive: true });
  symlinkSync(join(repo, 'node_modules'), join(checkout, 'node_modules'), 'dir');
  const r = must(run('npm', ['pack', '--json', '--pack-destination', out], checkout), 'npm pack');
  const packed = (JSON.parse(r.stdout) as Packed[])[0];
  if (!packed) throw new Error(`npm pack printed no package: ${r.stdout}`);
  return { tarball: join(out, packed.filename), packed, pkg };
}

interface LockEntry {
  dev?: boolean;
  devOptional?: boolean;
  [k: string]: unknown;
}

/**
 * Installs the tarball into `prefix` with `npm ci`: the lockfile pins the tarball by its integrity
 * and the runtime dependencies at the versions of the checkout's lockfile. Returns the bin folder.
 */
export function installTarball(repo: string, tarball: string, packed: Packed, pkg: PackageJson, prefix: string): { bin: string; install: Run } {
  mkdirSync(prefix, { recursive: true });
  const lock = JSON.parse(readFileSync(join(repo, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
  const spec = `file:${tarball}`;
  const packages: Record<string, unknown> = {
    '': { name: 'coreml-doctor-install-test', dependencies: { [pkg.name]: spec } },
    [`node_modules/${pkg.name}`]: {
      version: pkg.version,
      resolved: spec,
      integrity: packed.integrity,
      license: pkg.license,
      dependencies: pkg.dependencies ?? {},
      bin: pkg.bin,
      engines: pkg.engines,
    },
  };
  for (const [path, entry] of Object.entries(lock.packages)) {
    if (path !== '' && !entry.dev && !entry.devOptional) packages[path] = entry;
  }
  writeFileSync(join(prefix, 'package.json'), JSON.stringify({ name: 'coreml-doctor-install-test', private: true, dependencies: { [pkg.name]: spec } }, null, 2));
  writeFileSync(join(prefix, 'package-lock.json'), JSON.stringify({ name: 'coreml-doctor-install-test', lockfileVersion: 3, requires: true, packages }, null, 2));
  let install = run('npm', ['ci', '--offline', '--no-audit', '--no-fund'], prefix);
  if (install.code !== 0 && /ENOTCACHED/.test(install.stderr)) install = run('npm', ['ci', '--prefer-offline', '--no-audit', '--no-fund'], prefix);
  must(install, 'npm ci of the tarball');
  return { bin: join(prefix, 'node_modules', '.bin'), install };
}
