/**
 * The `trace` benchmark: generates an `xctrace export` time profile of 1 million samples (about
 * 200 MB, shaped like the real ones: see gen-xctrace.mjs) in a temp dir, then measures, each in a
 * child process of its own (peak RSS per run), in this order:
 *   - coreml-doctor trace FILE --json (the whole analysis, the CLI's code path),
 *   - saxes tokenizing the same file (a well-kept streaming XML tokenizer, handlers doing nothing),
 *   - a bare byte scan (the floor: reading the file and touching every byte),
 *   - fast-xml-parser parsing the whole document (what a DOM-style parser costs).
 * Targets (issue 4): trace ≥ 2× saxes in MB/s, trace peak RSS ≤ 300 MB whatever the size.
 * `--big`: a ~2 GB export instead (fast-xml-parser cannot hold it as one string and is skipped).
 * `--rows N` sets the sample count; `--keep` keeps the generated file; `--repeat N` takes the best of N
 * runs for trace, saxes and the byte scan (default 3; 1 with --big): other work on the machine only
 * ever slows a run down.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate } from './gen-xctrace.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const TARGET_RATIO = 2;
const TARGET_RSS_MB = 300;

function flag(args, name, fallback) {
  const i = args.findIndex((a) => a === name || a.startsWith(name + '='));
  if (i < 0) return fallback;
  const a = args[i];
  return a.includes('=') ? a.slice(a.indexOf('=') + 1) : (args[i + 1] ?? fallback);
}

function measure(mode, file, heapMB) {
  const nodeArgs = heapMB ? [`--max-old-space-size=${heapMB}`] : [];
  const t0 = performance.now();
  const out = execFileSync(process.execPath, [...nodeArgs, join(here, 'trace-child.mjs'), mode, file], { encoding: 'utf8', maxBuffer: 1 << 20, cwd: resolve(here, '..', '..') });
  const wall = (performance.now() - t0) / 1000;
  return { ...JSON.parse(out.trim().split('\n').pop()), wall };
}

export async function run(args) {
  const big = args.includes('--big');
  const rows = Number(flag(args, '--rows', big ? 10_000_000 : 1_000_000));
  const repeat = Math.max(1, Number(flag(args, '--repeat', big ? 1 : 3)));
  const dir = mkdtempSync(join(tmpdir(), 'coreml-doctor-bench-'));
  const file = join(dir, `time-profile-${rows}.xml`);
  try {
    const g0 = performance.now();
    const gen = await generate(file, { rows });
    const mb = statSync(file).size / 1e6;
    console.log(`generated ${file}: ${gen.rows.toLocaleString('en')} samples + ${gen.predictions.toLocaleString('en')} Core ML intervals, ${mb.toFixed(1)} MB in ${((performance.now() - g0) / 1000).toFixed(1)} s`);
    const modes = [
      ['trace', 'coreml-doctor trace --json'],
      ['saxes', 'saxes, bare tokenization'],
      ['scan', 'bare byte scan'],
      ['fxp', 'fast-xml-parser, whole document'],
    ];
    const results = new Map();
    for (const [mode, label] of modes) {
      if (mode === 'fxp' && mb > 400) {
        console.log(`${label.padEnd(34)} skipped: a ${mb.toFixed(0)} MB file does not fit in one JavaScript string`);
        continue;
      }
      let best = null;
      for (let k = 0; k < (mode === 'fxp' ? 1 : repeat); k++) {
        const r = measure(mode, file, mode === 'fxp' ? 16384 : 0);
        if (!best || r.seconds < best.seconds) best = r;
      }
      results.set(mode, best);
      console.log(`${label.padEnd(34)} ${(mb / best.seconds).toFixed(1).padStart(7)} MB/s  ${best.seconds.toFixed(2).padStart(6)} s (${best.wall.toFixed(2)} s with start-up)  peak RSS ${best.maxRssMB.toFixed(0).padStart(5)} MB  ${best.note}`);
    }
    const trace = results.get('trace');
    const saxes = results.get('saxes');
    const fxp = results.get('fxp');
    const ratio = saxes.seconds / trace.seconds;
    console.log('');
    console.log(`trace / saxes speed: ${ratio.toFixed(2)}×   (target ≥ ${TARGET_RATIO}×: ${ratio >= TARGET_RATIO ? 'met' : 'MISSED'})`);
    if (fxp) console.log(`trace / fast-xml-parser speed: ${(fxp.seconds / trace.seconds).toFixed(1)}×, peak RSS ${trace.maxRssMB.toFixed(0)} MB vs ${fxp.maxRssMB.toFixed(0)} MB`);
    console.log(`trace peak RSS: ${trace.maxRssMB.toFixed(0)} MB   (target ≤ ${TARGET_RSS_MB} MB: ${trace.maxRssMB <= TARGET_RSS_MB ? 'met' : 'MISSED'})`);
    return ratio >= TARGET_RATIO && trace.maxRssMB <= TARGET_RSS_MB;
  } finally {
    if (!args.includes('--keep')) rmSync(dir, { recursive: true, force: true });
    else console.log(`kept ${file}`);
  }
}
