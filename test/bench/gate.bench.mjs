// Benchmark of gate's latency regression test: the seeded percentile bootstrap (2,000 resamples of each
// side, p50 and p99) on large trace-sized sample sets, against a baseline run in the same process: the
// textbook bootstrap that copies and sorts every resample. Both use the same seed and percentile
// definition, so they must give the same interval; the ratio is the speed-up of the counting method.
// Target: the counting method is at least 3x faster at 20,000 samples per side (the ratio, not a time).
// Usage: npm run bench -- gate [--n 20000] [--resamples 2000]
import { bootstrapDifferences, mulberry32, BOOTSTRAP_SEED } from '../../dist/budget/bootstrap.js';
import { percentileSorted, sortedCopy } from '../../dist/core/stats.js';

const TARGET_RATIO = 3;
let N = 20000;
let B = 2000;

function samples(seed, n, median) {
  const r = mulberry32(seed);
  return Array.from({ length: n }, () => median * Math.exp(0.08 * Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r())));
}

/** The baseline: draw indices, copy, sort, take percentiles. Same draws as the counting method. */
function naive(base, cur, stats) {
  const rand = mulberry32(BOOTSTRAP_SEED);
  const sb = sortedCopy(base);
  const sc = sortedCopy(cur);
  const diffs = stats.map(() => new Float64Array(B));
  const resample = (sorted) => {
    const n = sorted.length;
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = sorted[Math.floor(rand() * n)];
    return out.sort();
  };
  for (let b = 0; b < B; b++) {
    const rb = resample(sb);
    const rc = resample(sc);
    stats.forEach((s, k) => {
      const p = s === 'p50' ? 50 : 99;
      diffs[k][b] = percentileSorted(rc, p) - percentileSorted(rb, p);
    });
  }
  return stats.map((s, k) => {
    const d = diffs[k].sort();
    return { stat: s, lo: percentileSorted(d, 2.5), hi: percentileSorted(d, 97.5) };
  });
}

function time(fn) {
  const t0 = process.hrtime.bigint();
  const r = fn();
  return { r, ms: Number(process.hrtime.bigint() - t0) / 1e6 };
}

export async function run(args) {
  const arg = (name, d) => {
    const i = args.findIndex((a) => a === name || a.startsWith(name + '='));
    if (i < 0) return d;
    return Number(args[i].includes('=') ? args[i].split('=')[1] : args[i + 1]);
  };
  N = arg('--n', 20000);
  B = arg('--resamples', 2000);
  const base = samples(1, N, 20);
  const cur = samples(2, N, 20.4);
  const stats = ['p50', 'p99'];
  time(() => bootstrapDifferences(base.slice(0, 500), cur.slice(0, 500), stats, { resamples: 50 })); // warm-up
  const counting = time(() => bootstrapDifferences(base, cur, stats, { resamples: B }));
  const sorting = time(() => naive(base, cur, stats));
  for (let k = 0; k < stats.length; k++) {
    const a = counting.r[k];
    const b = sorting.r[k];
    if (Math.abs(a.lo - b.lo) > 1e-9 || Math.abs(a.hi - b.hi) > 1e-9) {
      throw new Error(`MISMATCH ${a.stat}: counting [${a.lo}, ${a.hi}] vs sorting [${b.lo}, ${b.hi}]`);
    }
  }
  const ratio = sorting.ms / counting.ms;
  console.log(`gate bootstrap, ${N} vs ${N} samples, ${B} resamples, p50 + p99 (same intervals from both methods)`);
  console.log(`  counting (gate):   ${counting.ms.toFixed(0)} ms`);
  console.log(`  sort per resample: ${sorting.ms.toFixed(0)} ms (baseline)`);
  console.log(`  ratio: ${ratio.toFixed(1)}x faster; target ${TARGET_RATIO}x: ${ratio >= TARGET_RATIO ? 'met' : 'MISSED'}`);
  return ratio >= TARGET_RATIO;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = (await run(process.argv.slice(2))) ? 0 : 1;
}
