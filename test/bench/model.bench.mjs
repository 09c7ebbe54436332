/**
 * The `model` benchmark (issue 11): `coreml-doctor model --json` on
 *   - a generated package whose weight.bin is ~2 GB of 4,000 blobs (gen-model.mjs: fp16 convs and
 *     8-bit palettized ones, as coremltools lays them out; the data are sparse holes, the headers real),
 *   - the largest real model in the corpus (by bytes on disk), and the YOLO package (corpus 13),
 * each beside a bare fs.stat walk of the same package, and (for the 2 GB package) reading every byte,
 * each in a child process of its own (peak RSS per run). Targets: the 2 GB package under 1 s and under
 * 100 MB peak RSS. `--repeat N` takes the best of N runs (default 3): other work only slows a run down.
 * `--keep` keeps the generated package.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generatePackage } from './gen-model.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..', '..');
const TARGET_SECONDS = 1;
const TARGET_RSS_MB = 100;

function flag(args, name, fallback) {
  const i = args.findIndex((a) => a === name || a.startsWith(name + '='));
  if (i < 0) return fallback;
  const a = args[i];
  return a.includes('=') ? a.slice(a.indexOf('=') + 1) : (args[i + 1] ?? fallback);
}

function measure(mode, path) {
  const t0 = performance.now();
  const out = execFileSync(process.execPath, [join(here, 'model-child.mjs'), mode, path], { encoding: 'utf8', maxBuffer: 1 << 20, cwd: repo });
  return { ...JSON.parse(out.trim().split('\n').pop()), wall: (performance.now() - t0) / 1000 };
}

function best(mode, path, repeat) {
  let b = null;
  for (let k = 0; k < repeat; k++) {
    const r = measure(mode, path);
    if (!b || r.seconds < b.seconds) b = r;
  }
  return b;
}

function sizeOf(p) {
  const st = statSync(p);
  return st.isDirectory() ? readdirSync(p).reduce((n, e) => n + sizeOf(join(p, e)), 0) : st.size;
}

const row = (label, r) =>
  `  ${label.padEnd(26)} ${(r.seconds * 1000).toFixed(0).padStart(6)} ms${r.importSeconds ? ` (${(r.importSeconds * 1000).toFixed(0)} loading the CLI, ${((r.seconds - r.importSeconds) * 1000).toFixed(0)} reading)` : ''}  CPU ${(r.cpuSeconds * 1000).toFixed(0)} ms  peak RSS ${r.maxRssMB.toFixed(0)} MB  [${r.wall.toFixed(2)} s with node start-up]`;

export async function run(args) {
  const repeat = Math.max(1, Number(flag(args, '--repeat', 3)));
  const dir = mkdtempSync(join(tmpdir(), 'coreml-doctor-bench-model-'));
  let ok = true;
  try {
    const g0 = performance.now();
    const gen = generatePackage(dir, { fp16Blobs: 3000, fp16Elements: 2048 * 16 * 3 * 3, lutWeights: 500, lutElements: 4096 * 16 * 3 * 3 });
    console.log(`generated ${gen.path}: weight.bin ${(gen.fileBytes / 1e9).toFixed(2)} GB (sparse), ${gen.blobs} blobs, ${gen.parameters.toLocaleString('en')} parameters, in ${((performance.now() - g0) / 1000).toFixed(1)} s`);
    const m = best('model', gen.path, repeat);
    const s = best('stat', gen.path, repeat);
    const r = measure('read', gen.path);
    const got = JSON.parse(m.note);
    console.log(row('model --json', m));
    console.log(row('fs.stat walk (baseline)', s));
    console.log(row('read every byte', r));
    const right = got.parameters === gen.parameters && got.blobs === gen.blobs && got.referenced === gen.blobs && got.bytes === gen.weightBytes;
    console.log(`  read right: ${right ? 'yes' : 'NO'} (${got.parameters} parameters, ${got.blobs} blobs, ${got.referenced} referenced, ${got.bytes} bytes; expected ${gen.parameters}, ${gen.blobs}, ${gen.blobs}, ${gen.weightBytes})`);
    console.log(`  model / stat walk: ${(m.seconds / s.seconds).toFixed(0)}x; read every byte / model: ${(r.seconds / m.seconds).toFixed(1)}x (same process tree, same file)`);
    const fast = m.seconds < TARGET_SECONDS;
    const small = m.maxRssMB < TARGET_RSS_MB;
    console.log(`  target < ${TARGET_SECONDS} s: ${fast ? 'met' : 'MISSED'}; target < ${TARGET_RSS_MB} MB peak RSS: ${small ? 'met' : 'MISSED'}`);
    if (!right) throw new Error('model read the generated package wrong (above)');
    ok = fast && small;

    const corpus = process.env.COREML_DOCTOR_CORPUS ?? resolve(repo, '..', 'shared', 'corpus');
    const models = join(corpus, 'models');
    if (existsSync(models)) {
      const entries = readdirSync(models)
        .filter((d) => /^\d\d-/.test(d) && !d.startsWith('19-'))
        .map((d) => {
          const name = readdirSync(join(models, d))[0];
          const p = join(models, d, name);
          return { d, p, bytes: sizeOf(p) };
        })
        .sort((a, b) => b.bytes - a.bytes);
      const picks = [entries[0], entries.find((e) => e.d.startsWith('13-'))].filter((e, i, a) => e && a.indexOf(e) === i);
      for (const e of picks) {
        console.log(`\n${e.d} (${(e.bytes / 1e6).toFixed(2)} MB on disk)`);
        const cm = best('model', e.p, repeat);
        const cs = best('stat', e.p, repeat);
        console.log(row('model --json', cm));
        console.log(row('fs.stat walk (baseline)', cs));
        console.log(`  model / stat walk: ${(cm.seconds / cs.seconds).toFixed(0)}x`);
      }
    } else {
      console.log(`(no corpus at ${models}: the real models are skipped)`);
    }
    return ok;
  } finally {
    if (!args.includes('--keep')) rmSync(dir, { recursive: true, force: true });
    else console.log(`kept ${dir}`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = (await run(process.argv.slice(2))) ? 0 : 1;
}
