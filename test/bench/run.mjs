#!/usr/bin/env node
/**
 * `npm run bench`: runs the benchmarks in test/bench/*.bench.mjs (each exports `run(args)` and
 * returns true when its targets are met), or only those named: `npm run bench -- trace --big`.
 * Arguments that start with `--` go to every benchmark. Exit 1 when a target is missed.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const names = args.filter((a) => !a.startsWith('--'));
const flags = args.filter((a) => a.startsWith('--'));
const available = readdirSync(here)
  .filter((f) => f.endsWith('.bench.mjs'))
  .map((f) => f.replace(/\.bench\.mjs$/, ''))
  .sort();
const unknown = names.filter((n) => !available.includes(n));
if (unknown.length) {
  process.stderr.write(`bench: no benchmark named ${unknown.join(', ')} (there are: ${available.join(', ')})\n`);
  process.exit(2);
}
let ok = true;
for (const name of names.length ? names : available) {
  process.stdout.write(`\n== ${name} ==\n`);
  const mod = await import(pathToFileURL(join(here, `${name}.bench.mjs`)).href);
  if ((await mod.run(flags)) === false) ok = false;
}
process.exitCode = ok ? 0 : 1;
