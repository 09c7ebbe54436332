/**
 * Generates an `xctrace export` time profile shaped like a real app's (issue 15), streamed to disk
 * and deterministic (seeded), with what `trace` must find in it computed here as it is written
 * (the exactness check of trace.bench.mjs):
 *
 * - distinct frames (`--frames`, default 200,000), defined once (`<frame id name addr>` with its
 *   `<binary>` defined once and `ref`'d after) and then `<frame ref>`; some symbols recur at other
 *   addresses (the same function inlined or outlined twice), as in real exports;
 * - stacks `--min-depth`..`--max-depth` deep (60–150), grown as real call paths are: a thread's
 *   first stack is a random depth in that range; a new stack takes a recent one of its thread, cuts
 *   it a few frames from its leaf (1 + an exponential of mean 6) and calls on to a depth within 5 of
 *   the old one (shared callers, new leaves), with recursion now and then;
 * - `--reuse` of the rows (a third) reuse a recent backtrace by `ref`; the others define a new one;
 * - `--unsymbolicated` of the frames (5 %) have no binary and their address as their name (JIT,
 *   a stripped binary);
 * - `--tagged`: Xcode 16+ `<tagged-backtrace fmt="leaf ← caller ← …"><backtrace>…` stacks;
 * - `--threads` (8) threads, `--binaries` (300) binaries (the system's, the app's frameworks, Core ML,
 *   Espresso, the Neural Engine client, BNNS), 0.3 % of rows without a stack, weights of 1 ms and a
 *   few others; then Core ML Prediction intervals on the same clock.
 *
 *   node test/bench/gen-xctrace-app.mjs OUT.xml [--mb 100] [--frames 200000] [--min-depth 60]
 *     [--max-depth 150] [--reuse 0.333] [--unsymbolicated 0.05] [--tagged] [--threads 8] [--binaries 300]
 * (trace.bench.mjs passes the same knobs: `--frames`, `--depth MIN-MAX`, `--reuse`, ...)
 */
import { createWriteStream } from 'node:fs';

/** xorshift32: deterministic and fast. */
function rng(seed) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
}

const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const schemaXml = (name, cols) => `<schema name="${name}">` + cols.map(([m, n, e]) => `<col><mnemonic>${m}</mnemonic><name>${n}</name><engineering-type>${e}</engineering-type></col>`).join('') + '</schema>';

const ML = [
  ['CoreML', '/System/Library/Frameworks/CoreML.framework/CoreML', ['-[MLNeuralNetworkEngine predictionFromFeatures:options:error:]', '-[MLDelegateModel predictionFromFeatures:options:error:]', 'CoreML::MLE5Engine::predict(MLFeatureProvider*, MLPredictionOptions*)']],
  ['Espresso', '/System/Library/PrivateFrameworks/Espresso.framework/Espresso', ['Espresso::ANERuntimeEngine::__forward_segment(std::__1::shared_ptr<Espresso::abstract_batch> const&, int, int)', 'espresso_plan_execute_sync']],
  ['AppleNeuralEngine', '/System/Library/PrivateFrameworks/AppleNeuralEngine.framework/AppleNeuralEngine', ['-[_ANEClient doEvaluateDirectWithModel:options:request:qos:error:]', '-[_ANEProgramForEvaluation processRequest:model:qos:qIndex:modelStringID:options:returnValue:error:]']],
  ['libBNNS.dylib', '/System/Library/Frameworks/Accelerate.framework/Frameworks/vecLib.framework/libBNNS.dylib', ['BNNSFilterApply', 'bnns_convolution_f16_kernel_4x8']],
];

const WORDS = ['Camera', 'Frame', 'Pose', 'Tensor', 'Buffer', 'Render', 'Layout', 'Model', 'Feature', 'Session', 'Queue', 'Image', 'Pixel', 'Vision', 'Graph', 'Node', 'Cache', 'Store', 'View', 'Task'];
const METHODS = ['process', 'update', 'encode', 'decode', 'run', 'apply', 'prepare', 'resize', 'convert', 'draw', 'flush', 'submit', 'evaluate', 'load'];

export async function generateApp(out, o = {}) {
  const opts = { mb: 100, frames: 200_000, minDepth: 60, maxDepth: 150, reuse: 1 / 3, unsymbolicated: 0.05, tagged: false, threads: 8, binaries: 300, seed: 7, ...o };
  const rand = rng(opts.seed);
  const target = opts.mb * 1e6;
  const ws = createWriteStream(out, { highWaterMark: 1 << 20 });
  let buf = '';
  let bytes = 0;
  const flush = async (force = false) => {
    if (buf.length < 1 << 20 && !force) return;
    bytes += Buffer.byteLength(buf);
    if (!ws.write(buf)) await new Promise((r) => ws.once('drain', r));
    buf = '';
  };
  let nextId = 1;

  // Binaries: a tenth the system's, Core ML and friends, the rest the app's own frameworks.
  const binaries = [];
  for (const [name, path] of ML) binaries.push({ name, path, id: 0 });
  for (let b = binaries.length; b < opts.binaries; b++) {
    if (b % 10 === 0) binaries.push({ name: `libsystem_${b}.dylib`, path: `/usr/lib/system/libsystem_${b}.dylib`, id: 0 });
    else binaries.push({ name: `AppKit${b}`, path: `/private/var/containers/Bundle/Application/6B1C2A40-1D1E-4C3B-9E1F-0A1B2C3D4E5F/DemoApp.app/Frameworks/AppKit${b}.framework/AppKit${b}`, id: 0 });
  }
  const binaryXml = (bi) => {
    const b = binaries[bi];
    if (b.id) return `<binary ref="${b.id}"/>`;
    b.id = nextId++;
    return `<binary id="${b.id}" name="${esc(b.name)}" UUID="31E1C182-E611-3883-97A3-${String(b.id).padStart(12, '0')}" arch="arm64e" load-addr="0x1${(b.id * 0x100000).toString(16)}" path="${esc(b.path)}"/>`;
  };

  // Symbols (name + binary: what trace aggregates by) and frames (a symbol at an address).
  const symNames = [];
  const symBinary = [];
  const symKey = new Map();
  const frameSym = [];
  const frameId = [];
  const frameUnsym = [];
  let addrNext = 0x104000000;
  const newFrame = () => {
    const f = frameSym.length;
    let s;
    if (rand() < opts.unsymbolicated) {
      const addr = '0x' + (addrNext += 4 + Math.floor(rand() * 400)).toString(16);
      s = symNames.length;
      symNames.push(addr);
      symBinary.push(-1);
      frameUnsym.push(1);
    } else if (symNames.length > 100 && rand() < 0.05) {
      // A symbol again, at another address.
      do s = Math.floor(rand() * symNames.length);
      while (symBinary[s] < 0);
      frameUnsym.push(0);
    } else {
      s = symNames.length;
      let bi;
      let name;
      if (rand() < 0.02) {
        bi = Math.floor(rand() * ML.length);
        const names = ML[bi][2];
        name = `${names[Math.floor(rand() * names.length)]} [${s}]`;
      } else {
        bi = ML.length + Math.floor(Math.pow(rand(), 2) * (binaries.length - ML.length));
        const w = WORDS[s % WORDS.length];
        name = bi % 10 === 0 ? `_${w.toLowerCase()}_${METHODS[s % METHODS.length]}_${s}` : `${binaries[bi].name}.${w}${s % 97}.${METHODS[(s >> 3) % METHODS.length]}${s}(_:options:) -> Swift.Array<${w}>`;
      }
      symNames.push(name);
      symBinary.push(bi);
      symKey.set(`${name}\u0000${bi}`, s);
      frameUnsym.push(0);
    }
    frameSym.push(s);
    frameId.push(0);
    return f;
  };
  const frameXml = (f) => {
    if (frameId[f]) return `<frame ref="${frameId[f]}"/>`;
    const id = (frameId[f] = nextId++);
    const s = frameSym[f];
    const addr = frameUnsym[f] ? symNames[s] : `0x1${((id * 2654435761) % 0xfffffff).toString(16)}`;
    if (symBinary[s] < 0) return `<frame id="${id}" name="${addr}" addr="${addr}"/>`;
    return `<frame id="${id}" name="${esc(symNames[s])}" addr="${addr}">${binaryXml(symBinary[s])}</frame>`;
  };
  // Frames are created as the file grows, so that the last row sees about `frames` of them.
  const pickFrame = () => {
    const due = (opts.frames * (bytes + buf.length)) / target;
    if (frameSym.length < due || frameSym.length < 64) return newFrame();
    return Math.floor(Math.pow(rand(), 2.5) * frameSym.length); // hot frames recur
  };

  // Threads and their root chains.
  const threads = [];
  for (let t = 0; t < opts.threads; t++) {
    const root = [];
    for (let k = 0; k < 6; k++) root.push(newFrame());
    threads.push({ name: t === 0 ? 'Main Thread' : `com.demo.worker.${t}`, tid: 0x1b86 + t * 0x31, root, id: 0, recent: [] });
  }
  let processId = 0;
  const processXml = () => {
    if (processId) return `<process ref="${processId}"/>`;
    processId = nextId++;
    return `<process id="${processId}" fmt="DemoApp (873)"><pid id="${nextId++}" fmt="873">873</pid><device-session id="${nextId++}" fmt="TODO">TODO</device-session></process>`;
  };
  const threadXml = (th) => {
    if (th.id) return `<thread ref="${th.id}"/>`;
    th.id = nextId++;
    const tidId = nextId++;
    return `<thread id="${th.id}" fmt="${th.name} (0x${th.tid.toString(16)}) (DemoApp, pid: 873)"><tid id="${tidId}" fmt="0x${th.tid.toString(16)}">${th.tid}</tid>${processXml()}</thread>`;
  };

  // What trace must find.
  let samples = 0;
  let total = 0;
  let noStack = 0;
  const selfBySym = new Float64Array(opts.frames * 2 + 1024);
  let totalBySym = new Float64Array(selfBySym.length);
  let stamp = new Int32Array(selfBySym.length);
  const paths = new Set();
  const threadWeight = new Map();
  const ensure = () => {
    if (symNames.length < totalBySym.length) return;
    const n = symNames.length * 2;
    const t2 = new Float64Array(n);
    t2.set(totalBySym);
    totalBySym = t2;
    const s2 = new Int32Array(n);
    s2.set(stamp);
    stamp = s2;
  };
  let selfArr = selfBySym;
  const count = (stack, w) => {
    ensure();
    if (selfArr.length <= symNames.length) {
      const a = new Float64Array(symNames.length * 2);
      a.set(selfArr);
      selfArr = a;
    }
    samples++;
    const leaf = stack.frames[stack.frames.length - 1];
    selfArr[frameSym[leaf]] += w;
    for (const f of stack.frames) {
      const s = frameSym[f];
      if (stamp[s] !== samples) {
        stamp[s] = samples;
        totalBySym[s] += w;
      }
    }
  };

  const cols = [
    ['time', 'Sample Time', 'sample-time'],
    ['thread', 'Thread', 'thread'],
    ['process', 'Process', 'process'],
    ['core', 'Core', 'core'],
    ['thread-state', 'State', 'thread-state'],
    ['weight', 'Weight', 'weight'],
    ['stack', 'Backtrace', opts.tagged ? 'tagged-backtrace' : 'backtrace'],
  ];
  buf += `<?xml version="1.0"?>\n<trace-query-result>\n<node xpath='//trace-toc[1]/run[1]/data[1]/table[11]'>${schemaXml('time-profile', cols)}\n`;
  const cores = [];
  let stateId = 0;
  const weightIds = new Map();
  let time = 70_294_787;
  const predictions = [];
  let row = 0;
  while (bytes + buf.length < target) {
    row++;
    time += 100_000 + Math.floor(rand() * 900_000);
    const th = threads[Math.floor(rand() * rand() * threads.length)];
    const c = Math.floor(rand() * 8);
    let r = `<row><sample-time id="${nextId++}" fmt="${(time / 1e9).toFixed(6)}">${time}</sample-time>${threadXml(th)}${processXml()}`;
    if (cores[c]) r += `<core ref="${cores[c]}"/>`;
    else r += `<core id="${(cores[c] = nextId++)}" fmt="CPU ${c} (${c < 4 ? 'E' : 'P'} Core)">${c}</core>`;
    if (stateId) r += `<thread-state ref="${stateId}"/>`;
    else r += `<thread-state id="${(stateId = nextId++)}" fmt="Running">Running</thread-state>`;
    const w = rand() < 0.95 ? 1_000_000 : [500_000, 2_000_000, 250_000][Math.floor(rand() * 3)];
    if (weightIds.has(w)) r += `<weight ref="${weightIds.get(w)}"/>`;
    else {
      const id = nextId++;
      weightIds.set(w, id);
      r += `<weight id="${id}" fmt="${(w / 1e6).toFixed(2)} ms">${w}</weight>`;
    }
    total += w;
    threadWeight.set(th.name, (threadWeight.get(th.name) ?? 0) + w);
    if (rand() < 0.003) {
      r += '<sentinel/>';
      noStack += w;
      samples++;
    } else if (th.recent.length && rand() < opts.reuse) {
      const st = th.recent[Math.floor(rand() * th.recent.length)];
      r += opts.tagged ? `<tagged-backtrace ref="${st.id}"/>` : `<backtrace ref="${st.id}"/>`;
      count(st, w);
    } else {
      // A new call path: a recent one cut near its leaf, then calls on.
      // A thread's first stack grows from its root to a depth in [min, max]; later ones drift from it.
      const base = th.recent.length ? th.recent[Math.floor(rand() * th.recent.length)].frames : th.root;
      const drift = base === th.root ? opts.minDepth + Math.floor(rand() * (opts.maxDepth - opts.minDepth + 1)) : base.length + Math.round((rand() - 0.5) * 10);
      const depth = Math.max(opts.minDepth, Math.min(opts.maxDepth, drift));
      const cut = Math.max(th.root.length, Math.min(base.length, depth) - 1 - Math.floor(-Math.log(1 - rand()) * 6));
      const frames = base.slice(0, cut);
      while (frames.length < depth) frames.push(pickFrame());
      if (rand() < 0.1) frames.splice(frames.length - 3, 0, frames[frames.length - 4], frames[frames.length - 4]); // recursion
      const st = { frames, id: 0 };
      const leafFirst = [];
      for (let k = frames.length - 1; k >= 0; k--) leafFirst.push(frameXml(frames[k]));
      if (opts.tagged) {
        const fmt = [frames.length - 1, frames.length - 2, frames.length - 3].map((k) => symNames[frameSym[frames[k]]]).join(' ← ') + ' ← …';
        st.id = nextId++;
        r += `<tagged-backtrace id="${st.id}" fmt="${esc(fmt)}"><backtrace id="${nextId++}">${leafFirst.join('')}</backtrace></tagged-backtrace>`;
      } else {
        st.id = nextId++;
        r += `<backtrace id="${st.id}">${leafFirst.join('')}</backtrace>`;
      }
      th.recent.push(st);
      if (th.recent.length > 32) th.recent.shift();
      count(st, w);
      let h1 = 0x811c9dc5;
      let h2 = 0x01000193;
      for (const f of frames) {
        const s = frameSym[f];
        h1 = Math.imul(h1 ^ s, 16777619) >>> 0;
        h2 = Math.imul(h2 + s, 2246822519) >>> 0;
      }
      paths.add(h1 * 4294967296 + h2);
    }
    buf += r + '</row>\n';
    if (row % 40 === 0) predictions.push(time);
    await flush();
  }
  buf += '</node>\n';
  buf += `<node xpath='//trace-toc[1]/run[1]/data[1]/table[7]'>${schemaXml('coreml-os-signpost', [
    ['start', 'Start', 'start-time'],
    ['duration', 'Duration', 'duration'],
    ['model-name', 'Model', 'coreml-model-name'],
    ['event', 'Event', 'coreml-model-event'],
  ])}\n`;
  let modelId = 0;
  let eventId = 0;
  for (const s of predictions) {
    const d = 3_000_000 + Math.floor(rand() * 2_000_000);
    let r = `<row><start-time id="${nextId++}" fmt="${(s / 1e9).toFixed(6)}">${s}</start-time><duration id="${nextId++}" fmt="${(d / 1e6).toFixed(2)} ms">${d}</duration>`;
    r += modelId ? `<coreml-model-name ref="${modelId}"/>` : `<coreml-model-name id="${(modelId = nextId++)}" fmt="DemoModel-1">DemoModel-1</coreml-model-name>`;
    r += eventId ? `<coreml-model-event ref="${eventId}"/>` : `<coreml-model-event id="${(eventId = nextId++)}" fmt="Prediction">Prediction</coreml-model-event>`;
    buf += r + '</row>\n';
    await flush();
  }
  buf += '</node></trace-query-result>\n';
  await flush(true);
  await new Promise((resolve, reject) => ws.end((e) => (e ? reject(e) : resolve())));

  // The heaviest symbols by self and by total weight, as trace must rank them.
  const n = symNames.length;
  const label = (s) => ({ name: symNames[s], binary: symBinary[s] >= 0 ? binaries[symBinary[s]].name : null, self: selfArr[s], total: totalBySym[s] });
  const idx = Array.from({ length: n }, (_, i) => i);
  const bySelf = [...idx].sort((a, b) => selfArr[b] - selfArr[a] || totalBySym[b] - totalBySym[a]).slice(0, 10).map(label);
  const byTotal = [...idx].sort((a, b) => totalBySym[b] - totalBySym[a] || selfArr[b] - selfArr[a]).slice(0, 10).map(label);
  return {
    bytes,
    rows: row,
    samples,
    total,
    noStack,
    frames: frameSym.length,
    symbols: n,
    paths: paths.size,
    predictions: predictions.length,
    bySelf,
    byTotal,
    threads: [...threadWeight].map(([name, weight]) => ({ name, weight })),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (name, fallback) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? Number(process.argv[i + 1]) : fallback;
  };
  const t0 = performance.now();
  const r = await generateApp(process.argv[2], {
    mb: arg('--mb', 100),
    frames: arg('--frames', 200_000),
    minDepth: arg('--min-depth', 60),
    maxDepth: arg('--max-depth', 150),
    reuse: arg('--reuse', 1 / 3),
    unsymbolicated: arg('--unsymbolicated', 0.05),
    tagged: process.argv.includes('--tagged'),
    threads: arg('--threads', 8),
    binaries: arg('--binaries', 300),
  });
  console.log(JSON.stringify({ ...r, bySelf: r.bySelf.slice(0, 3), byTotal: r.byTotal.slice(0, 3), seconds: (performance.now() - t0) / 1000 }));
}
