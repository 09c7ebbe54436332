// Benchmark of `log` on conversion logs shaped like the real ones (test/bench/gen-convlog.mjs builds
// them from the corpus' real lines, in mixes: no \r, tqdm redraws, one huge traceback, CRLF, Jupyter
// ANSI, many distinct warnings, unsupported-op lines), and on the old generated log (`legacy`). Each
// input is measured, each run in its own child process so that peak RSS is per run:
//   - a bare baseline: node:readline splitting the same file into lines and doing nothing else,
//   - coreml-doctor's log parser (streaming, the CLI's code path).
// Before a speed is printed, the result is checked: the baseline's line count and, for the parser, the
// exact count of every message the generator wrote, the ops, the outcome and the last stage.
// Targets (issue 15): 100 MB/s or more on every mix, peak RSS 200 MB or less.
// `npm run bench -- log` (100 MB a mix, 400 MB many-warnings, 16 MB unsupported-ops); `--quick` (small
// sizes, CI); `--mb N` one size for every mix; `--mix plain,crlf`; `--repeat N` (best of N; 1, or 3 with --quick).
// The unsupported-op mix is read again at ten times its size (160 MB; 20 MB with --quick): its time per MB
// may grow by 1.5x at most (op lines linear); `--no-linearity` skips it.
// `node test/bench/log.bench.mjs --generate FILE [--mb N]` only writes the legacy log.
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateMix, MIXES } from './gen-convlog.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const TARGET_MBPS = 100;
const TARGET_RSS_MB = 200;
/** Op lines linear: the time per MB at ten times the size may grow by this much at most. */
const LINEAR_MAX = 1.5;
let TARGET_MB = 200;

function bar(desc, n, total, unit = 'ops') {
  const pct = Math.floor((100 * n) / total);
  const filled = Math.floor((40 * n) / total);
  return `${desc}: ${String(pct).padStart(3)}%|${'█'.repeat(filled)}${' '.repeat(40 - filled)}| ${n}/${total} [00:0${n % 10}<00:01, ${(1000 + (n % 997)).toFixed(2)} ${unit}/s]`;
}

export async function generate(path) {
  const out = createWriteStream(path);
  const write = (s) => (out.write(s) ? Promise.resolve() : new Promise((r) => out.once('drain', r)));
  let bytes = 0;
  let i = 0;
  const target = TARGET_MB * 1e6;
  await write('Torch version 2.6.0 has not been tested with coremltools. You may run into unexpected errors. Torch 2.5.0 is the most recent version that has been tested.\n');
  while (bytes < target) {
    const block = [];
    // A conversion attempt: frontend bar with many \r redraws, some with a warning glued on.
    const total = 2000 + (i % 500);
    const redraws = [];
    for (let n = 0; n <= total; n += 37) {
      let s = bar('Converting PyTorch Frontend ==> MIL Ops', n, total);
      if (n % 370 === 0) s += 'Saving value type of int64 into a builtin type of int32, might lose precision!';
      redraws.push(s);
    }
    block.push(redraws.join('\r'));
    block.push(`/Users/dev/models/block_${i % 50}.py:${100 + (i % 300)}: TracerWarning: Converting a tensor to a Python boolean might cause the trace to be incorrect. We can't record the data flow of Python values, so this value will be treated as a constant in the future.`);
    block.push(`  if x.shape[${i % 4}] > ${i % 17}:`);
    block.push(`W0731 17:22:${String(i % 60).padStart(2, '0')}.830000 79296 site-packages/torch/distributed/elastic/multiprocessing/redirects.py:29] NOTE: Redirects are currently not supported in Windows or MacOs.`);
    block.push(`epoch ${i} step ${i * 7} loss ${(1 / (i + 1)).toFixed(6)} lr 0.000${i % 9}`);
    block.push('WARNING:coremltools:Tuple detected at graph output. This will be flattened in the converted model.');
    for (const p of ['frontend_pytorch', 'default', 'backend_mlprogram']) {
      const t = p === 'default' ? 95 : 12;
      const r = [];
      for (let n = 0; n <= t; n += 4) r.push(bar(`Running MIL ${p} pipeline`, Math.min(n, t), t, 'passes'));
      block.push(r.join('\r'));
    }
    const s = block.join('\n') + '\n';
    bytes += Buffer.byteLength(s);
    await write(s);
    i++;
  }
  await write("Traceback (most recent call last):\n  File \"convert.py\", line 58, in <module>\n    mlmodel = ct.convert(\nRuntimeError: PyTorch convert function for op 'upsample_bicubic2d' not implemented.\n");
  await new Promise((r) => out.end(r));
}

// $COREML_DOCTOR_DIST: measure another build (a copy of dist/ made before a change), for before/after tables.
const DIST = process.env.COREML_DOCTOR_DIST ?? join(ROOT, 'dist');
const CHILD_PARSE = `
const { openText } = await import(${JSON.stringify(join(DIST, 'core/input.js'))});
const { parseConversionLog } = await import(${JSON.stringify(join(DIST, 'convlog/parser.js'))});
const t0 = performance.now();
const log = await parseConversionLog(await openText(process.argv[1], { what: 'log' }));
const ms = performance.now() - t0;
const counts = {};
for (const d of log.diagnostics) counts[d.id] = (counts[d.id] ?? 0) + d.count;
const last = log.stages.reduce((a, s) => (a && a.line >= s.line ? a : s), null);
process.stdout.write(JSON.stringify({ ms, rss: process.resourceUsage().maxRSS * 1024, result: {
  counts, ids: [...new Set(log.diagnostics.map((d) => d.id))].sort(), diagnostics: log.diagnostics.length,
  ops: log.unsupportedOps.map((o) => o.op).sort(), outcome: log.outcome, failureOp: log.failure?.op ?? null,
  lastStage: last ? { name: last.name, done: last.done, total: last.total } : null } }));
`;

const CHILD_READLINE = `
const { createReadStream } = await import('node:fs');
const { createInterface } = await import('node:readline');
const t0 = performance.now();
let n = 0;
for await (const line of createInterface({ input: createReadStream(process.argv[1]), crlfDelay: Infinity })) n += line.length > 0 ? 1 : 0;
const ms = performance.now() - t0;
process.stdout.write(JSON.stringify({ ms, rss: process.resourceUsage().maxRSS * 1024, result: n }));
`;

function runChild(code, file) {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', code, file], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) {
    const lines = (r.stderr || `exited ${r.status}`).split('\n').filter((l) => l.trim());
    const why = lines.find((l) => /Invalid string length|heap out of memory|Error:/.test(l)) ?? lines[0] ?? `exited ${r.status}`;
    return { crash: why.trim().slice(0, 120) };
  }
  return JSON.parse(r.stdout);
}

/** What is wrong with the parser's result against what the generator wrote; empty when exact. */
function mismatches(got, exp) {
  const bad = [];
  for (const [id, n] of Object.entries(exp.counts)) if ((got.counts[id] ?? 0) !== n) bad.push(`${id} counted ${got.counts[id] ?? 0}, wrote ${n}`);
  if (JSON.stringify(got.ops) !== JSON.stringify(exp.ops)) bad.push(`ops ${got.ops.length} (${got.ops.slice(0, 3).join(', ')}…), wrote ${exp.ops.length}`);
  if (got.outcome !== exp.outcome) bad.push(`outcome ${got.outcome}, expected ${exp.outcome}`);
  if (exp.failureOp && got.failureOp !== exp.failureOp) bad.push(`failing op ${got.failureOp}, expected ${exp.failureOp}`);
  if (exp.lastStage && JSON.stringify(got.lastStage) !== JSON.stringify(exp.lastStage)) bad.push(`last stage ${JSON.stringify(got.lastStage)}`);
  if (exp.onlyDiagnostics && JSON.stringify(got.ids) !== JSON.stringify(exp.onlyDiagnostics)) bad.push(`diagnostics ${got.ids.join(', ')}, expected only ${exp.onlyDiagnostics.join(', ')}`);
  return bad;
}

function flag(args, name, dflt) {
  const i = args.findIndex((a) => a === name || a.startsWith(name + '='));
  if (i < 0) return dflt;
  return args[i].includes('=') ? args[i].split('=')[1] : args[i + 1];
}

const FULL_MB = { plain: 100, tqdm: 100, traceback: 100, crlf: 100, 'jupyter-ansi': 100, 'many-warnings': 400, 'unsupported-ops': 16, legacy: 100 };
const QUICK_MB = { plain: 4, tqdm: 4, traceback: 4, crlf: 4, 'jupyter-ansi': 4, 'many-warnings': 8, 'unsupported-ops': 2, legacy: 4 };

export async function run(args) {
  const quick = args.includes('--quick');
  const mbAll = flag(args, '--mb', null);
  const mixes = String(flag(args, '--mix', [...MIXES, 'legacy'].join(','))).split(',');
  const repeat = Number(flag(args, '--repeat', quick ? 3 : 1));
  const dir = mkdtempSync(join(tmpdir(), 'coreml-doctor-bench-log-'));
  const rows = [];
  let ok = true;
  let linearity = null;
  try {
    for (const mix of mixes) {
      const mb = Number(mbAll ?? (quick ? QUICK_MB : FULL_MB)[mix]);
      const file = join(dir, `${mix}.log`);
      process.stderr.write(`log bench: writing ${mix} (~${mb} MB) ...\n`);
      let gen;
      if (mix === 'legacy') {
        TARGET_MB = mb;
        await generate(file);
        gen = null;
      } else gen = await generateMix(mix, file, mb);
      const size = statSync(file).size / 1e6;
      const best = (code) => {
        const runs = Array.from({ length: repeat }, () => runChild(code, file));
        return runs.find((r) => r.crash) ?? runs.sort((a, b) => a.ms - b.ms)[0];
      };
      const base = best(CHILD_READLINE);
      const ours = best(CHILD_PARSE);
      const row = { mix, mb: size, base, ours, problems: [] };
      if (base.crash) row.problems.push(`readline crashed: ${base.crash}`);
      else if (gen && base.result !== gen.lines) row.problems.push(`readline read ${base.result} lines, wrote ${gen.lines}`);
      if (ours.crash) row.problems.push(`crash: ${ours.crash}`);
      else if (gen) row.problems.push(...mismatches(ours.result, gen.expect));
      rows.push(row);
      rmSync(file, { force: true });
      process.stderr.write(`  ${mix}: ${row.problems.length ? row.problems.join('; ') : 'exact'}\n`);
    }
    // Op lines linear, shown: the unsupported-op mix again at ten times its size; the time per MB
    // may not grow by more than LINEAR_MAX (a quadratic cost shows as about 10x).
    const opsRow = rows.find((r) => r.mix === 'unsupported-ops' && r.problems.length === 0 && !r.ours.crash);
    if (opsRow && !args.includes('--no-linearity')) {
      const mb = Math.round(opsRow.mb * 10);
      const file = join(dir, 'unsupported-ops-big.log');
      process.stderr.write(`log bench: writing unsupported-ops (~${mb} MB) for the linearity check ...\n`);
      const gen = await generateMix('unsupported-ops', file, mb);
      const size = statSync(file).size / 1e6;
      const ours = runChild(CHILD_PARSE, file);
      rmSync(file, { force: true });
      const problems = ours.crash ? [`crash: ${ours.crash}`] : mismatches(ours.result, gen.expect);
      if (problems.length) throw new Error(`log gave a wrong result on unsupported-ops at ${size.toFixed(0)} MB: ${problems.join('; ')}`);
      linearity = { small: opsRow.mb, smallMs: opsRow.ours.ms, big: size, bigMs: ours.ms, rss: ours.rss };
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`log benchmark (${repeat === 1 ? 'one run' : `best of ${repeat} runs`} each; readline is the bare line split of the same file)`);
  console.log('| input | size | coreml-doctor log | readline | log / readline | peak RSS (log) | result |');
  console.log('|---|---:|---:|---:|---:|---:|---|');
  /** Mixes read wrong or crashed: a wrong result, not a missed target. */
  const wrong = [];
  for (const r of rows) {
    const mbps = (x) => (x.crash ? '–' : `${(r.mb / (x.ms / 1000)).toFixed(1)} MB/s`);
    const exact = r.problems.length === 0;
    const ratio = !exact || r.ours.crash || r.base.crash ? '–' : `${((r.mb / r.ours.ms) / (r.mb / r.base.ms)).toFixed(2)}×`;
    const rss = r.ours.crash ? '–' : `${(r.ours.rss / 1e6).toFixed(0)} MB`;
    // A speed is reported only for an exact result.
    console.log(`| ${r.mix} | ${r.mb.toFixed(0)} MB | ${exact ? mbps(r.ours) : r.ours.crash ? '(crash)' : `(not exact; ${mbps(r.ours)})`} | ${mbps(r.base)} | ${ratio} | ${rss} | ${exact ? 'exact' : r.problems.join('; ')} |`);
    if (!exact || r.ours.crash) wrong.push(`${r.mix}: ${r.ours.crash ? 'crashed' : r.problems.join('; ')}`);
    else if (r.mb / (r.ours.ms / 1000) < TARGET_MBPS || r.ours.rss / 1e6 > TARGET_RSS_MB) ok = false;
  }
  console.log(`  targets ${TARGET_MBPS} MB/s and ${TARGET_RSS_MB} MB peak RSS on every input: ${ok ? 'met' : 'MISSED'}`);
  if (linearity) {
    const l = linearity;
    const per = (ms, mb) => ms / mb;
    const growth = per(l.bigMs, l.big) / per(l.smallMs, l.small);
    const met = growth <= LINEAR_MAX;
    if (!met) ok = false;
    console.log(`  op lines linear: unsupported-ops ${l.small.toFixed(0)} MB ${per(l.smallMs, l.small).toFixed(1)} ms/MB, ${l.big.toFixed(0)} MB ${per(l.bigMs, l.big).toFixed(1)} ms/MB (${(l.big / (l.bigMs / 1000)).toFixed(1)} MB/s, peak RSS ${(l.rss / 1e6).toFixed(0)} MB): time per MB x${growth.toFixed(2)}; target <= x${LINEAR_MAX}: ${met ? 'met' : 'MISSED'}`);
  }
  if (wrong.length) throw new Error(`log gave a wrong result: ${wrong.join(' | ')}`);
  return ok;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const g = args.indexOf('--generate');
  if (g >= 0) {
    const mb = args.indexOf('--mb');
    if (mb >= 0) TARGET_MB = Number(args[mb + 1]);
    await generate(args[g + 1]);
  } else {
    process.exitCode = (await run(args)) ? 0 : 1;
  }
}
