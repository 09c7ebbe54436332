/**
 * Writes an Instruments 16 Time Profiler "Deep Copy" (Edit → Deep Copy of the whole call tree) shaped
 * like a real app's: the header `Weight\tSelf Weight\tSymbol Names`, weights as Instruments displays
 * them ("4.93 s  100.0%" with U+2007 padding in the percentage, "846.00 ms", self "0 s"), depth as
 * leading spaces after a constant offset of 3, children sorted by weight, and a real app's
 * cardinality: `frames` distinct symbols (Swift, Objective-C, C++ and the system's, Core ML /
 * Espresso / Neural Engine / BNNS / Metal among them), stacks `minDepth`–`maxDepth` deep, recursion,
 * hot frames that recur all over the tree.
 *
 * The tree is made top-down and written in one pass (pre-order), so any size streams: a node's
 * weight (integer ms) is split among its children, what is left is its self weight. The root's
 * weight is known only at the end: its two lines are written with room to spare and rewritten.
 *
 * Returns what the file says, computed from the printed values (not by our parser): the total, the
 * self and total weight of every frame (a frame that recurs on a path counts once in its total),
 * lines and distinct frames. Deterministic for a seed.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
// The budget engine's seeded PRNG (npm run bench builds dist/ first).
import { mulberry32 as rng } from '../../dist/budget/bootstrap.js';

const ML = [
  '-[MLModel predictionFromFeatures:options:error:]',
  '-[MLNeuralNetworkEngine predictionFromFeatures:options:error:]',
  'Espresso::net::__forward(std::__1::shared_ptr<Espresso::abstract_batch> const&, int, int)',
  'Espresso::ANERuntimeEngine::__forward_segment(std::__1::shared_ptr<Espresso::abstract_batch> const&, int, int)',
  '-[_ANEClient doEvaluateDirectWithModel:options:request:qos:error:]',
  'BNNSFilterApply',
  '-[MTLComputeCommandEncoder dispatchThreadgroups:threadsPerThreadgroup:]',
  'cblas_sgemm',
];
const SYSTEM = ['mach_msg2_trap', 'objc_msgSend', '_platform_memmove', 'malloc', '_malloc_zone_malloc', 'szone_malloc_should_clear', '__psynch_cvwait', 'dispatch_async', 'CFRunLoopRunSpecific', 'swift_retain', 'swift_release', 'pthread_mutex_lock'];

function symbolPool(n, rand) {
  const pool = [...ML, ...SYSTEM];
  const modules = ['VisionApp', 'CameraKit', 'Pipeline', 'Render', 'Net'];
  for (let i = pool.length; i < n; i++) {
    const m = modules[i % modules.length];
    const k = Math.floor(rand() * 4);
    if (k === 0) pool.push(`${m}.Type${i % 977}.method${i}(_:options:) (in ${m})`);
    else if (k === 1) pool.push(`-[${m}Controller${i % 613} handleFrame${i}:withContext:error:]`);
    else if (k === 2) pool.push(`${m.toLowerCase()}::detail::Worker${i % 389}::run${i}(std::__1::vector<float, std::__1::allocator<float>> const&, int)`);
    else pool.push(`closure #${(i % 7) + 1} in ${m}.Scheduler${i % 251}.tick${i}() async`);
  }
  return pool;
}

function display(ms) {
  // As Instruments 16 shows a weight: seconds with 2 decimals from 1 s, else ms with 2 decimals.
  if (ms >= 60_000) return { text: `${(ms / 60_000).toFixed(2)} min`, value: Math.round(ms / 600) * 600 };
  if (ms >= 1000) return { text: `${(ms / 1000).toFixed(2)} s`, value: Math.round(ms / 10) * 10 };
  if (ms === 0) return { text: '0 s', value: 0 };
  return { text: `${ms}.00 ms`, value: ms };
}

function percent(part, whole) {
  const p = ((part / whole) * 100).toFixed(1);
  return p.length < 5 ? '\u2007'.repeat(5 - p.length) + p + '%' : p + '%';
}

/**
 * @param {string} file
 * @param {{ bytes: number, frames?: number, minDepth?: number, maxDepth?: number, seed?: number }} o
 */
export function generateDeepCopy(file, o) {
  const rand = rng(o.seed ?? 20250914);
  const frames = o.frames ?? 200_000;
  const minDepth = o.minDepth ?? 60;
  const maxDepth = o.maxDepth ?? 150;
  const pool = symbolPool(frames, rand);
  const hot = pool.slice(0, 1000);
  const pick = () => (rand() < 0.3 ? hot[Math.floor(rand() * hot.length)] : pool[Math.floor(rand() * pool.length)]);

  const fd = openSync(file, 'w');
  let buf = '';
  let written = 0;
  const flush = () => {
    if (buf) {
      written += writeSync(fd, buf);
      buf = '';
    }
  };
  const header = 'Weight\tSelf Weight\tSymbol Names\n';
  // Room for the root lines, rewritten at the end with the real total.
  const ROOT_CELL = 28;
  // ASCII only, padded to a fixed width: the rewrite takes exactly the bytes of the placeholder.
  const rootLine = (name, depth, ms) => `${(display(ms).text + '  100.0%').padEnd(ROOT_CELL)}\t0 s\t${' '.repeat(3 + depth)}${name}\n`;
  buf = header + rootLine('start', 0, 0) + rootLine('main', 1, 0);

  const self = new Map();
  const total = new Map();
  const onPath = new Map();
  let lines = 2;
  let grand = 0;

  const line = (name, depth, ms, selfMs, whole) => {
    const w = display(ms);
    const s = display(selfMs);
    buf += `${w.text}  ${percent(ms, whole)}\t${s.text}\t${' '.repeat(3 + depth)}${name}\n`;
    if (buf.length > 1 << 20) flush();
    lines++;
    self.set(name, (self.get(name) ?? 0) + s.value);
    const open = onPath.get(name) ?? 0;
    if (open === 0) total.set(name, (total.get(name) ?? 0) + w.value);
    onPath.set(name, open + 1);
    return w.value;
  };
  const leave = (name) => onPath.set(name, onPath.get(name) - 1);

  /** A subtree of `ms` at `depth`, down to `floor` (this path's depth). */
  const subtree = (name, depth, ms, floor, whole) => {
    // A stack goes on down to its depth, whatever its weight (one sample's stack is 1 ms all the way).
    let selfMs = 0;
    if (depth >= floor) selfMs = ms;
    else if (ms > 1 && rand() < 0.25) selfMs = Math.max(1, Math.floor(ms * rand() * 0.3));
    let left = ms - selfMs;
    const kids = [];
    // Branch rarely deep down: long chains, as real stacks are; more near the top of the tree.
    const fan = depth < 6 ? 2 + Math.floor(rand() * 5) : rand() < 0.12 ? 2 + Math.floor(rand() * 2) : 1;
    for (let k = 0; k < fan && left > 0; k++) {
      const share = k === fan - 1 ? left : Math.max(1, Math.floor(left * (0.3 + rand() * 0.6)));
      kids.push(Math.min(share, left));
      left -= Math.min(share, left);
    }
    selfMs += left;
    kids.sort((a, b) => b - a);
    line(name, depth, ms, selfMs, whole);
    for (const kms of kids) {
      // Recursion now and then: the same frame again right below.
      const child = rand() < 0.02 ? name : pick();
      subtree(child, depth + 1, kms, depth < 6 ? minDepth + Math.floor(rand() * (maxDepth - minDepth)) : floor, whole);
    }
    leave(name);
  };

  // Top-level work under main until the file has its size; `whole` (for the percentages) is a guess
  // that only shows in the display column, which readers ignore.
  const WHOLE = Math.max(1000, Math.round(o.bytes / 8000));
  onPath.set('start', 1);
  onPath.set('main', 1);
  while (written + buf.length < o.bytes) {
    const ms = 20 + Math.floor(rand() * 400);
    grand += ms;
    subtree(pick(), 2, ms, minDepth + Math.floor(rand() * (maxDepth - minDepth)), WHOLE);
  }
  flush();
  // The root lines, now that their weight is known (the weights printed below them add up to it).
  const printed = display(grand).value;
  const head = header + rootLine('start', 0, grand) + rootLine('main', 1, grand);
  writeSync(fd, head, 0);
  closeSync(fd);
  for (const n of ['start', 'main']) {
    total.set(n, (total.get(n) ?? 0) + printed);
    self.set(n, self.get(n) ?? 0);
  }
  return { bytes: written, lines, distinct: self.size, totalMs: printed, self, total };
}
