// Start-up: each command loads only its own modules. Runs `node -e 0` (the floor), a process that
// only imports commander (the yardstick: what the CLI framework alone costs) and the commands, in
// turn, in the same process tree, and reports each command's median wall time over the floor, in ms
// and in units of commander's own cost. Each run's output is checked before any time counts.
// Targets (the issue's +40 ms for --help and +80 ms for `rewrites OP` and `log` on a small file,
// where commander alone cost +13 ms): --help <= 3x commander's cost over the floor, the others <= 6x.
// Usage: npm run bench -- startup [--runs 21] [--bin=PATH/bin/coreml-doctor.js]
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
let bin = join(root, 'bin', 'coreml-doctor.js');

const COMMANDS = [
  { name: '--help', args: ['--help'], expect: /^Usage: coreml-doctor/m, target: 3 },
  { name: 'rewrites upsample_bicubic2d', args: ['rewrites', 'upsample_bicubic2d'], expect: /upsample_bicubic2d/, target: 6 },
  { name: 'log (small file)', args: ['log', join(root, 'fixtures/logs/tf2-keras-success.log')], expect: /TensorFlow|tensorflow/, target: 6 },
];

function once(args, opts = {}) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8', ...opts });
  return { ms: Number(process.hrtime.bigint() - t0) / 1e6, out: r.stdout ?? '', code: r.status };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

export async function run(args) {
  const b = args.findIndex((a) => a.startsWith('--bin='));
  if (b >= 0) bin = args[b].slice('--bin='.length); // another build, for before/after figures
  const i = args.findIndex((a) => a === '--runs' || a.startsWith('--runs='));
  const runs = i < 0 ? (args.includes('--quick') ? 7 : 21) : Number(args[i].includes('=') ? args[i].split('=')[1] : args[i + 1]);
  const floor = [];
  const framework = [];
  const over = COMMANDS.map(() => []);
  for (const c of COMMANDS) {
    const r = once([bin, ...c.args]);
    if (r.code !== 0 || !c.expect.test(r.out)) {
      throw new Error(`startup: ${c.name} did not give its output (exit ${r.code})`);
    }
  }
  // Paired: each round runs the floor, the yardstick and every command in turn, and the figures are
  // the medians of each round's differences, so that a machine's drift moves all of them together.
  for (let k = 0; k < runs + 1; k++) {
    const a = once(['-e', '0']).ms;
    const b = once(['--input-type=module', '-e', "await import('commander')"]).ms;
    const t = COMMANDS.map((c) => once([bin, ...c.args]).ms);
    const a2 = once(['-e', '0']).ms;
    if (k === 0) continue; // warm-up
    const f = (a + a2) / 2;
    floor.push(f);
    framework.push(b - f);
    t.forEach((ms, j) => over[j].push(ms - f));
  }
  const unit = Math.max(1, median(framework));
  console.log(`start-up, medians of ${runs} paired rounds: node -e 0 ${median(floor).toFixed(0)} ms; importing commander alone +${unit.toFixed(0)} ms`);
  let ok = true;
  COMMANDS.forEach((c, j) => {
    const ms = median(over[j]);
    const ratio = ms / unit;
    const met = ratio <= c.target;
    ok &&= met;
    console.log(`  ${c.name.padEnd(28)} +${ms.toFixed(0).padStart(4)} ms over node -e 0 = ${ratio.toFixed(1)}x commander's cost; target ${c.target}x: ${met ? 'met' : 'MISSED'}`);
  });
  return ok;
}
