// Benchmark of `log`: generates a large realistic conversion log (tqdm redraws with \r, repeated
// warnings glued to bars, TracerWarnings, torch/TF noise, a traceback at the end) and measures,
// each in its own child process so that peak RSS is per run:
//   - coreml-doctor's log parser (streaming, the CLI's code path),
//   - a bare baseline: node:readline splitting the same file into lines and doing nothing else.
// Prints MB/s and peak RSS for both and the ratio. Target (issue 2): 100 MB/s or more.
// `npm run bench -- log [--mb N]`; `node test/bench/log.bench.mjs --generate FILE [--mb N]` only writes the log.
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const TARGET_MBPS = 100;
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

const CHILD_PARSE = `
const { openText } = await import(${JSON.stringify(join(ROOT, 'dist/core/input.js'))});
const { parseConversionLog } = await import(${JSON.stringify(join(ROOT, 'dist/convlog/parser.js'))});
const t0 = performance.now();
const log = await parseConversionLog(await openText(process.argv[1], { what: 'log' }));
const ms = performance.now() - t0;
process.stdout.write(JSON.stringify({ ms, rss: process.resourceUsage().maxRSS * 1024, check: log.unsupportedOps.map((o) => o.op).join(','), diags: log.diagnostics.length }));
`;

const CHILD_READLINE = `
const { createReadStream } = await import('node:fs');
const { createInterface } = await import('node:readline');
const t0 = performance.now();
let n = 0;
for await (const line of createInterface({ input: createReadStream(process.argv[1]), crlfDelay: Infinity })) n += line.length > 0 ? 1 : 0;
const ms = performance.now() - t0;
process.stdout.write(JSON.stringify({ ms, rss: process.resourceUsage().maxRSS * 1024, check: String(n) }));
`;

function runChild(code, file) {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', code, file], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.status !== 0) throw new Error(r.stderr || `child exited ${r.status}`);
  return JSON.parse(r.stdout);
}

export async function run(args) {
  const mbArg = args.findIndex((a) => a === '--mb' || a.startsWith('--mb='));
  if (mbArg >= 0) TARGET_MB = Number(args[mbArg].includes('=') ? args[mbArg].split('=')[1] : args[mbArg + 1]);
  const dir = mkdtempSync(join(tmpdir(), 'coreml-doctor-bench-log-'));
  try {
    const file = join(dir, 'big-convert.log');
    process.stderr.write(`generating a ~${TARGET_MB} MB conversion log in ${dir} ...\n`);
    await generate(file);
    const size = statSync(file).size;
    const mb = size / 1e6;
    const rows = [];
    for (const [name, code] of [
      ['readline (bare line split, baseline)', CHILD_READLINE],
      ['coreml-doctor log', CHILD_PARSE],
    ]) {
      const best = [0, 1, 2].map(() => runChild(code, file)).sort((a, b) => a.ms - b.ms)[0];
      rows.push({ name, mbps: mb / (best.ms / 1000), rssMB: best.rss / 1e6, check: best.check });
    }
    console.log(`log benchmark: ${mb.toFixed(1)} MB log (best of 3 runs each)`);
    for (const r of rows) console.log(`  ${r.name.padEnd(40)} ${r.mbps.toFixed(1).padStart(8)} MB/s   peak RSS ${r.rssMB.toFixed(0).padStart(5)} MB   (${r.check})`);
    const [base, ours] = rows;
    console.log(`  ratio coreml-doctor log / readline: ${(ours.mbps / base.mbps).toFixed(2)}x`);
    const met = ours.mbps >= TARGET_MBPS;
    console.log(`  target ${TARGET_MBPS} MB/s: ${met ? 'met' : 'MISSED'}`);
    if (!met) return false;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return true;
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
