/**
 * The pipeline benchmark (issue 15's report and gate rows): big pipelines measured as the CLI does,
 * each run in a child process of its own (pipeline-child.mjs: wall time and the process's peak RSS,
 * worker threads included), beside the baseline of the same run: one step alone.
 *   - `report --json` of STEPS steps, each with its own time profile of SIZE MB (distinct files);
 *   - `gate` of GATE_STEPS steps that all name one SIZE MB profile;
 *   - one step alone (`report --json` of a one-step manifest): the read time of one profile.
 * Profiles are a real app's shape (gen-xctrace-app.mjs: 200k distinct frames, stacks 60-150 deep, a
 * third of rows reusing a backtrace, 5 % unsymbolicated frames), or with --shape simple
 * gen-xctrace.mjs's ten-frame stacks; one seed per distinct file; cached in --dir.
 * Exactness: every step of every report holds the generator's sample and interval counts, and the
 * gate reads its shared step's budget from the same figures.
 * Targets: gate ≤ 2× one step alone (the shared file read once, not GATE_STEPS times); report ≤
 * 1.3 × STEPS × one step / min(cores, STEPS), peak RSS ≤ 600 MB.
 * Usage: npm run bench -- pipeline [--mb 100] [--shape app|simple] [--steps 10] [--gate-steps 30] [--quick] [--only report|gate]
 *        [--dir DIR] [--bin=PATH] (PATH: another build's bin/coreml-doctor.js, for before/after figures)
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateApp } from './gen-xctrace-app.mjs';
import { generate } from './gen-xctrace.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const TARGET_RSS_MB = 600;
/** Rows per MB of gen-xctrace's output (about 208 bytes a row); the file's real size is printed. */
const ROWS_PER_MB = 4800;

function flag(args, name, fallback) {
  const i = args.findIndex((a) => a === name || a.startsWith(name + '='));
  if (i < 0) return fallback;
  const a = args[i];
  return a.includes('=') ? a.slice(a.indexOf('=') + 1) : (args[i + 1] ?? fallback);
}

async function profileFile(dir, mb, seed, shape) {
  const file = join(dir, `time-profile-${shape}2-${mb}mb-seed${seed}.xml`);
  const meta = file + '.json';
  if (existsSync(file) && existsSync(meta)) return { file, ...JSON.parse(execFileSync('cat', [meta], { encoding: 'utf8' })) };
  const g = shape === 'app' ? await generateApp(file + '.part', { mb, seed }) : await generate(file + '.part', { rows: Math.round(mb * ROWS_PER_MB), seed });
  renameSync(file + '.part', file);
  // The profile's samples: every row (gen-xctrace-app counts them as `samples`).
  const rows = g.samples ?? g.rows;
  writeFileSync(meta, JSON.stringify({ rows, predictions: g.predictions }));
  return { file, rows, predictions: g.predictions };
}

function manifest(dir, name, files) {
  const path = join(dir, `${name}.json`);
  const steps = files.map((f, i) => ({ name: `step-${i + 1}`, sizeBytes: 10_000_000 - i * 100_000, trace: [f.file] }));
  writeFileSync(path, JSON.stringify({ device: 'bench', budget: { latencyMs: { p99: 1000 } }, steps }, null, 2));
  return path;
}

/** A run; one that the system ends (a V8 out-of-memory abort) is a result too: `crashed`, with its time. */
function runChild(root, argv) {
  const t0 = performance.now();
  try {
    const out = execFileSync(process.execPath, [join(here, 'pipeline-child.mjs'), root, ...argv], { encoding: 'utf8', maxBuffer: 1 << 30, cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    const wall = (performance.now() - t0) / 1000;
    return { ...JSON.parse(out.trim().split('\n').pop()), wall };
  } catch (e) {
    const wall = (performance.now() - t0) / 1000;
    const stderr = String(e.stderr ?? '');
    const why = /heap out of memory/.test(stderr) ? 'out of memory, V8 stack printed' : `${e.signal ?? `exit ${e.status}`}: ${stderr.split('\n').find((l) => l.trim()) ?? ''}`;
    return { crashed: why, wall, maxRssMB: NaN, code: null, out: '', err: stderr.slice(0, 2000) };
  }
}

/** Every step holds its profile's sample count and its interval count. */
function checkReport(r, files, what) {
  if (r.code !== 0) throw new Error(`${what}: exit ${r.code}: ${r.err}`);
  const rep = JSON.parse(r.out);
  rep.steps.forEach((s, i) => {
    const f = files[i];
    if (s.engines?.samples !== f.rows || s.latency?.count !== f.predictions) {
      throw new Error(`${what}: step ${s.name} has ${s.engines?.samples} samples and ${s.latency?.count} intervals; its profile holds ${f.rows} and ${f.predictions}`);
    }
  });
  return rep;
}

const fmt = (r) => (r.crashed ? `CRASHED after ${r.wall.toFixed(0)} s (${r.crashed})` : `${r.wall.toFixed(1).padStart(6)} s (CPU ${r.cpuSeconds.toFixed(0)} s), peak RSS ${r.maxRssMB.toFixed(0).padStart(5)} MB`);

export async function run(args) {
  const quick = args.includes('--quick');
  const mb = Number(flag(args, '--mb', quick ? 4 : 100));
  const steps = Number(flag(args, '--steps', quick ? 4 : 10));
  const gateSteps = Number(flag(args, '--gate-steps', quick ? 6 : 30));
  const only = flag(args, '--only', null);
  const shape = flag(args, '--shape', 'app');
  const bin = flag(args, '--bin', null);
  const root = bin ? resolve(dirname(bin), '..') : resolve(here, '..', '..');
  const dir = resolve(flag(args, '--dir', join(tmpdir(), 'coreml-doctor-bench')));
  mkdirSync(dir, { recursive: true });
  const cores = availableParallelism();

  const g0 = performance.now();
  const files = [];
  for (let i = 0; i < steps; i++) files.push(await profileFile(dir, mb, 1000 + i, shape));
  const sizeMB = statSync(files[0].file).size / 1e6;
  console.log(
    `${steps} ${shape}-shaped profiles of ${sizeMB.toFixed(0)} MB (${files[0].rows.toLocaleString('en')} samples, ${files[0].predictions} intervals each) in ${dir} (${((performance.now() - g0) / 1000).toFixed(0)} s); ` +
      `build ${root}; ${cores} cores, load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
  );
  const one = runChild(root, ['report', manifest(dir, 'one-step', files.slice(0, 1)), '--json']);
  checkReport(one, files.slice(0, 1), 'one step');
  console.log(`  one step alone (report --json):           ${fmt(one)}  (baseline)`);
  let ok = true;
  if (only !== 'gate') {
    const r = runChild(root, ['report', manifest(dir, `distinct-${steps}`, files), '--json']);
    if (!r.crashed) checkReport(r, files, 'report');
    const par = Math.min(cores, steps);
    const ideal = (steps * one.wall) / par;
    const met = r.wall <= 1.3 * ideal && r.maxRssMB <= TARGET_RSS_MB;
    ok &&= met;
    console.log(`  report --json, ${String(steps).padStart(2)} distinct profiles:        ${fmt(r)}  = ${(r.wall / one.wall).toFixed(1)}x one step; ${steps} x one / ${par} cores = ${ideal.toFixed(1)} s`);
    console.log(`    target <= 1.3 x that and <= ${TARGET_RSS_MB} MB: ${met ? 'met' : 'MISSED'}`);
  }
  if (only !== 'report') {
    const shared = Array.from({ length: gateSteps }, () => files[0]);
    const path = manifest(dir, `shared-${gateSteps}`, shared);
    const g = runChild(root, ['gate', path, '--json']);
    if (!g.crashed) {
      if (g.code !== 0) throw new Error(`gate: exit ${g.code}: ${g.err}`);
      const res = JSON.parse(g.out);
      if (res.passed !== true) throw new Error(`gate: the budget (p99 <= 1000 ms) should hold: ${g.out.slice(0, 500)}`);
    }
    const met = g.wall <= 2 * one.wall && g.maxRssMB <= TARGET_RSS_MB;
    ok &&= met;
    console.log(`  gate, ${String(gateSteps).padStart(2)} steps sharing one profile:        ${fmt(g)}  = ${(g.wall / one.wall).toFixed(1)}x one step; target <= 2x and <= ${TARGET_RSS_MB} MB: ${met ? 'met' : 'MISSED'}`);
  }
  return ok;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = (await run(process.argv.slice(2))) ? 0 : 1;
}
