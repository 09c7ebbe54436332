/**
 * An `xctrace export` time profile of a real app's shape (issue 15's table): many distinct frames
 * (default 200,000, spread over the app and a dozen system binaries), stacks 60-150 frames deep that
 * share prefixes as a real call tree does, a third of the rows reusing a recent backtrace (`ref`),
 * a share of unsymbolicated frames (addresses only, as a stripped binary or JIT code gives), and a
 * second `<node>` of Core ML Prediction intervals on the same clock. Same XML dialect as
 * gen-xctrace.mjs (ids defined once, refs after, fmt attributes). Deterministic (seeded).
 * A stand-in until gen-xctrace.mjs takes these parameters itself.
 *
 *   node test/bench/gen-app-trace.mjs OUT.xml [--mb 100] [--frames 200000] [--seed 1]
 */
import { createWriteStream } from 'node:fs';

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

const BINARIES = ['DemoApp', 'CoreML', 'Espresso', 'AppleNeuralEngine', 'libBNNS.dylib', 'MetalPerformanceShadersGraph', 'Metal', 'UIKitCore', 'SwiftUI', 'Foundation', 'libswiftCore.dylib', 'libsystem_kernel.dylib', 'libdispatch.dylib'];
const WORDS = ['process', 'encode', 'render', 'layout', 'update', 'predict', 'forward', 'convolution', 'kernel', 'dispatch', 'observe', 'decode', 'transform', 'apply', 'evaluate', 'commit'];

const fmtTime = (ns) => {
  const ms = Math.floor(ns / 1e6);
  const us = Math.floor((ns % 1e6) / 1e3);
  return `${String(Math.floor(ms / 60000)).padStart(2, '0')}:${String(Math.floor((ms % 60000) / 1000)).padStart(2, '0')}.${String(ms % 1000).padStart(3, '0')}.${String(us).padStart(3, '0')}`;
};

export async function generateAppTrace(out, { mb = 100, frames = 200_000, seed = 1, depth = [60, 150], reuse = 1 / 3, unsymbolicated = 0, predictionEvery = 40 } = {}) {
  const rand = rng(seed * 7919 + 17);
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
  const binaryIds = new Array(BINARIES.length).fill(0);
  /** Frame k's id once written (0: not yet). */
  const frameIds = new Int32Array(frames);
  const frameXml = (k) => {
    const known = frameIds[k];
    if (known) return `<frame ref="${known}"/>`;
    const id = nextId++;
    frameIds[k] = id;
    const b = k % BINARIES.length;
    const addr = `0x1${((k * 2654435761) % 0xfffffffff).toString(16)}`;
    let bin;
    if (binaryIds[b]) bin = `<binary ref="${binaryIds[b]}"/>`;
    else {
      binaryIds[b] = nextId++;
      bin = `<binary id="${binaryIds[b]}" name="${BINARIES[b]}" UUID="31E1C182-E611-3883-97A3-${String(b).padStart(12, '0')}" arch="arm64e" load-addr="0x1${(b * 0x1000000).toString(16)}" path="/System/Library/${BINARIES[b]}"/>`;
    }
    if (unsymbolicated > 0 && ((k * 40503) % 1000) / 1000 < unsymbolicated) return `<frame id="${id}" name="${addr}" addr="${addr}">${bin}</frame>`;
    const w = WORDS[k % WORDS.length];
    const name = b === 0 ? `DemoApp.Module${k % 97}.${w}${k}(_:) -&gt; Swift.Int` : `${BINARIES[b]}::${w}_${k}(std::__1::shared_ptr&lt;Espresso::abstract_batch&gt; const&amp;)`;
    return `<frame id="${id}" name="${name}" addr="${addr}">${bin}</frame>`;
  };
  // Zipf-like frame choice: hot frames recur, the tail keeps adding new ones until all are seen.
  const pick = () => Math.floor(frames * Math.pow(rand(), 2.2));
  const ROOT = [0, 1, 2, 3]; // start, main, ... shared by every stack
  const recent = []; // recent stacks: { frames (root → leaf), id }
  let sweep = ROOT.length;

  buf += '<?xml version="1.0"?>\n<trace-query-result>\n';
  buf +=
    `<node xpath='//trace-toc[1]/run[1]/data[1]/table[11]'><schema name="time-profile">` +
    [['time', 'Sample Time', 'sample-time'], ['thread', 'Thread', 'thread'], ['process', 'Process', 'process'], ['core', 'Core', 'core'], ['thread-state', 'State', 'thread-state'], ['weight', 'Weight', 'weight'], ['stack', 'Backtrace', 'backtrace']]
      .map(([m, n, e]) => `<col><mnemonic>${m}</mnemonic><name>${n}</name><engineering-type>${e}</engineering-type></col>`)
      .join('') +
    '</schema>\n';
  let t = 70_294_787;
  const threads = [];
  let processId = 0;
  let stateId = 0;
  let weightId = 0;
  const cores = [];
  const starts = [];
  let rows = 0;
  const target = mb * 1e6 * 0.97;
  while (bytes + buf.length < target) {
    t += 100_000 + Math.floor(rand() * 200_000);
    let row = `<row><sample-time id="${nextId++}" fmt="${fmtTime(t)}">${t}</sample-time>`;
    const th = Math.floor(rand() * rand() * 8);
    if (!threads[th]) {
      threads[th] = nextId++;
      let proc;
      if (!processId) {
        processId = nextId++;
        proc = `<process id="${processId}" fmt="DemoApp (23369)"><pid id="${nextId++}" fmt="23369">23369</pid></process>`;
      } else proc = `<process ref="${processId}"/>`;
      const tid = 947990 + th * 17;
      row += `<thread id="${threads[th]}" fmt="${th === 0 ? 'Main Thread' : `Thread ${th}`}  0x${tid.toString(16)} (DemoApp, pid: 23369)"><tid id="${nextId++}" fmt="0x${tid.toString(16)}">${tid}</tid>${proc}</thread>`;
    } else row += `<thread ref="${threads[th]}"/>`;
    row += `<process ref="${processId}"/>`;
    const c = Math.floor(rand() * 8);
    if (!cores[c]) {
      cores[c] = nextId++;
      row += `<core id="${cores[c]}" fmt="CPU ${c}">${c}</core>`;
    } else row += `<core ref="${cores[c]}"/>`;
    if (!stateId) {
      stateId = nextId++;
      row += `<thread-state id="${stateId}" fmt="Running">Running</thread-state>`;
    } else row += `<thread-state ref="${stateId}"/>`;
    if (!weightId) {
      weightId = nextId++;
      row += `<weight id="${weightId}" fmt="1.00 ms">1000000</weight>`;
    } else row += `<weight ref="${weightId}"/>`;
    if (recent.length && rand() < reuse) {
      row += `<backtrace ref="${recent[Math.floor(rand() * recent.length)].id}"/>`;
    } else {
      // A new stack: a recent stack's prefix (the shared part of a call tree), then new frames.
      const len = depth[0] + Math.floor(rand() * (depth[1] - depth[0] + 1));
      const base = recent.length ? recent[Math.floor(rand() * recent.length)].frames : ROOT;
      const keep = Math.min(base.length, Math.max(ROOT.length, Math.floor(len * (0.4 + 0.6 * rand()))));
      const fs = base.slice(0, keep);
      while (fs.length < len) fs.push(rand() < 0.5 ? sweep++ % frames : pick());
      const id = nextId++;
      row += `<backtrace id="${id}">${fs.map((_, i) => frameXml(fs[fs.length - 1 - i])).join('')}</backtrace>`;
      recent.push({ frames: fs, id });
      if (recent.length > 64) recent.shift();
    }
    buf += row + '</row>\n';
    if (rows % predictionEvery === 0) starts.push(t);
    rows++;
    await flush();
  }
  buf +=
    `</node>\n<node xpath='//trace-toc[1]/run[1]/data[1]/table[7]'><schema name="coreml-os-signpost">` +
    [['start', 'Start', 'start-time'], ['duration', 'Duration', 'duration'], ['model-name', 'Model', 'coreml-model-name'], ['event', 'Event', 'coreml-model-event']]
      .map(([m, n, e]) => `<col><mnemonic>${m}</mnemonic><name>${n}</name><engineering-type>${e}</engineering-type></col>`)
      .join('') +
    '</schema>\n';
  let modelId = 0;
  let eventId = 0;
  for (const s of starts) {
    const d = 3_000_000 + Math.floor(rand() * 2_000_000) + (rand() < 0.01 ? 20_000_000 : 0);
    let row = `<row><start-time id="${nextId++}" fmt="${fmtTime(s)}">${s}</start-time><duration id="${nextId++}" fmt="${(d / 1e6).toFixed(2)} ms">${d}</duration>`;
    if (!modelId) {
      modelId = nextId++;
      row += `<coreml-model-name id="${modelId}" fmt="DemoModel-1">DemoModel-1</coreml-model-name>`;
    } else row += `<coreml-model-name ref="${modelId}"/>`;
    if (!eventId) {
      eventId = nextId++;
      row += `<coreml-model-event id="${eventId}" fmt="Prediction">Prediction</coreml-model-event>`;
    } else row += `<coreml-model-event ref="${eventId}"/>`;
    buf += row + '</row>\n';
    await flush();
  }
  buf += '</node></trace-query-result>\n';
  await flush(true);
  await new Promise((resolve, reject) => ws.end((e) => (e ? reject(e) : resolve())));
  let distinct = 0;
  for (const id of frameIds) if (id) distinct++;
  return { bytes, rows, predictions: starts.length, frames: distinct };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (n, d) => {
    const i = process.argv.indexOf(n);
    return i > 0 ? Number(process.argv[i + 1]) : d;
  };
  console.log(JSON.stringify(await generateAppTrace(process.argv[2], { mb: arg('--mb', 100), frames: arg('--frames', 200_000), seed: arg('--seed', 1) })));
}
