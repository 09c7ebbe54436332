#!/usr/bin/env node
/**
 * `npm run bench`: runs the benchmarks in test/bench/*.bench.mjs, or only those named:
 * `npm run bench -- trace --big`. Arguments that start with `--` go to every benchmark.
 *
 * Each benchmark exports `run(args)`: it checks its results are exact before it prints a speed,
 * throws when a result is wrong (not exact, a command failed), and returns true when its targets
 * (speed, memory) are met. Exit 1 when a result is wrong or a target is missed.
 * `--help` prints each benchmark's header (what it measures, its flags): `run.mjs trace --help`.
 * `--check` (CI: `npm run bench -- --quick --check`): the speeds are printed, not judged (a shared
 * CI machine's timings are no verdict); exit 1 only when a result is wrong.
 */
import { readdirSync, readFileSync } from 'node:fs';
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
if (flags.includes('--help')) {
  // Each benchmark's header comment says what it measures and which flags it takes.
  process.stdout.write('usage: node test/bench/run.mjs [NAME...] [--quick] [--check] [--FLAG[=VALUE]...]\n');
  for (const name of names.length ? names : available) {
    const text = readFileSync(join(here, `${name}.bench.mjs`), 'utf8');
    const head = /^(?:\/\*\*[\s\S]*?\*\/|(?:\/\/.*\n)+)/.exec(text)?.[0] ?? '';
    const lines = head.split('\n').map((l) => l.replace(/^\s*(?:\/\*\*|\*\/|\*|\/\/) ?/, '')).filter((l, i, a) => l.trim() || (i > 0 && i < a.length - 1));
    process.stdout.write(`\n== ${name} ==\n${lines.join('\n').trim()}\n`);
  }
  process.exit(0);
}
const check = flags.includes('--check');
let ok = true;
let wrong = 0;
for (const name of names.length ? names : available) {
  process.stdout.write(`\n== ${name} ==\n`);
  const mod = await import(pathToFileURL(join(here, `${name}.bench.mjs`)).href);
  try {
    if ((await mod.run(flags)) === false) ok = false;
  } catch (e) {
    wrong++;
    process.stdout.write(`${name}: WRONG: ${e instanceof Error ? e.message : String(e)}\n`);
  }
}
if (check) process.stdout.write(`\nbench --check: ${wrong ? `${wrong} benchmark(s) gave a wrong result` : 'every result exact'}${ok ? '' : ' (some speed or memory targets missed: not judged with --check)'}\n`);
process.exitCode = wrong || (!check && !ok) ? 1 : 0;
