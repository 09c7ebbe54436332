/**
 * Generates an `xctrace export` document shaped like a real time-profile export (Instruments 14-16):
 * one `<node>` with the time-profile schema, rows with the id/ref dedup of the real files (a new
 * `sample-time id` per row, thread/process/core/state/weight/backtrace refs, frames and binaries
 * defined once and referenced after), `fmt` attributes, `&amp;`-escaped C++ symbols, recursion
 * (`<frame ref>` repeated), a few `<sentinel/>` stacks; then a second `<node>` with Core ML
 * `Prediction` intervals on the same clock. Deterministic (seeded), streamed to disk.
 *
 *   node test/bench/gen-xctrace.mjs OUT.xml [--rows N]
 */
import { createWriteStream } from 'node:fs';

const schemaXml = (name, cols) =>
  `<schema name="${name}">` + cols.map(([m, n, e]) => `<col><mnemonic>${m}</mnemonic><name>${n}</name><engineering-type>${e}</engineering-type></col>`).join('') + '</schema>';

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

const BINARIES = [
  { name: 'DemoApp', path: '/private/var/containers/Bundle/Application/6B1C2A40-1D1E-4C3B-9E1F-0A1B2C3D4E5F/DemoApp.app/DemoApp', app: true },
  { name: 'CoreML', path: '/System/Library/Frameworks/CoreML.framework/CoreML' },
  { name: 'Espresso', path: '/System/Library/PrivateFrameworks/Espresso.framework/Espresso' },
  { name: 'AppleNeuralEngine', path: '/System/Library/PrivateFrameworks/AppleNeuralEngine.framework/AppleNeuralEngine' },
  { name: 'libBNNS.dylib', path: '/System/Library/Frameworks/Accelerate.framework/Frameworks/vecLib.framework/libBNNS.dylib' },
  { name: 'MetalPerformanceShadersGraph', path: '/System/Library/Frameworks/MetalPerformanceShadersGraph.framework/MetalPerformanceShadersGraph' },
  { name: 'Metal', path: '/System/Library/Frameworks/Metal.framework/Metal' },
  { name: 'libsystem_kernel.dylib', path: '/usr/lib/system/libsystem_kernel.dylib' },
  { name: 'libdispatch.dylib', path: '/usr/lib/system/libdispatch.dylib' },
  { name: 'libsystem_pthread.dylib', path: '/usr/lib/system/libsystem_pthread.dylib' },
  { name: 'dyld', path: '/usr/lib/dyld' },
];

const SYMBOLS = [
  ['DemoApp', ['main', 'DemoApp.FrameProcessor.process(_:)', 'closure #1 in DemoApp.Camera.captureOutput(_:didOutput:from:)', 'DemoApp.Tokenizer.encode(_:) -> [Swift.Int]', 'specialized Array&lt;A&gt;.append(contentsOf:)']],
  ['CoreML', ['-[MLNeuralNetworkEngine predictionFromFeatures:options:error:]', '-[MLDelegateModel predictionFromFeatures:options:error:]', '-[MLModelAsset modelWithConfiguration:error:]', 'CoreML::MLE5Engine::predict(MLFeatureProvider*, MLPredictionOptions*)', '-[MLMultiArray initWithShape:dataType:error:]']],
  ['Espresso', ['Espresso::ANERuntimeEngine::__forward_segment(std::__1::shared_ptr&lt;Espresso::abstract_batch&gt; const&amp;, int, int)', 'espresso_plan_execute_sync', 'Espresso::net::__forward(std::__1::shared_ptr&lt;Espresso::abstract_batch&gt; const&amp;, int, int)', 'Espresso::BNNSEngine::convolution_kernel::__launch(std::__1::shared_ptr&lt;Espresso::abstract_batch&gt; const&amp;)', 'Espresso::MPSEngine::context::run(std::__1::shared_ptr&lt;Espresso::abstract_batch&gt; const&amp;)']],
  ['AppleNeuralEngine', ['-[_ANEClient doEvaluateDirectWithModel:options:request:qos:error:]', '-[_ANEProgramForEvaluation processRequest:model:qos:qIndex:modelStringID:options:returnValue:error:]', 'ANEServices::Device::evaluate(ANERequest const&amp;)']],
  ['libBNNS.dylib', ['BNNSFilterApply', 'bnns_convolution_f16_kernel_4x8', 'BNNS::gemm_f32(unsigned long, unsigned long, unsigned long, float const*, float const*, float*)']],
  ['MetalPerformanceShadersGraph', ['-[MPSGraphExecutable runWithMTLCommandQueue:inputsArray:resultsArray:executionDescriptor:]', 'MPSGraphExecutable::encode(MPSCommandBuffer*)']],
  ['Metal', ['-[_MTLCommandBuffer commit]', '-[_MTLCommandQueue submitCommandBuffer:]']],
  ['libsystem_kernel.dylib', ['mach_msg2_trap', '__psynch_cvwait', '__ulock_wait', 'mach_absolute_time']],
  ['libdispatch.dylib', ['_dispatch_lane_serial_drain', '_dispatch_client_callout', '_dispatch_workloop_worker_thread']],
  ['libsystem_pthread.dylib', ['_pthread_start', 'start_wqthread', 'thread_start']],
  ['dyld', ['start']],
];

/** Stack templates: [binary, symbol index], root → leaf (reversed to leaf-first on output). A frame key's
 * third part makes the same symbol appear at several addresses, as in real exports. */
const TEMPLATES = [
  // inference on the Neural Engine
  [['dyld', 0], ['DemoApp', 0], ['DemoApp', 1], ['CoreML', 1], ['CoreML', 0], ['Espresso', 1], ['Espresso', 0], ['AppleNeuralEngine', 0], ['AppleNeuralEngine', 1], ['AppleNeuralEngine', 2], ['libsystem_kernel.dylib', 0]],
  // CPU fallback through BNNS
  [['libsystem_pthread.dylib', 0], ['libdispatch.dylib', 2], ['libdispatch.dylib', 0], ['DemoApp', 2], ['DemoApp', 1], ['CoreML', 3], ['Espresso', 2], ['Espresso', 3], ['libBNNS.dylib', 0], ['libBNNS.dylib', 1]],
  // GPU path
  [['dyld', 0], ['DemoApp', 0], ['DemoApp', 1], ['CoreML', 1], ['Espresso', 2], ['Espresso', 4], ['MetalPerformanceShadersGraph', 0], ['MetalPerformanceShadersGraph', 1], ['Metal', 0], ['Metal', 1]],
  // the app's own work
  [['dyld', 0], ['DemoApp', 0], ['DemoApp', 3], ['DemoApp', 4]],
  // waiting
  [['libsystem_pthread.dylib', 1], ['libdispatch.dylib', 2], ['libdispatch.dylib', 1], ['libsystem_kernel.dylib', 1]],
  // model loading
  [['dyld', 0], ['DemoApp', 0], ['CoreML', 2], ['CoreML', 4], ['libBNNS.dylib', 2]],
];

export async function generate(out, { rows = 1_000_000, seed = 42, predictions = 20_000 } = {}) {
  const rand = rng(seed);
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
  const binaryIds = new Map();
  const frameIds = new Map();
  const binaryOf = new Map(BINARIES.map((b) => [b.name, b]));
  const symbolsOf = new Map(SYMBOLS);

  // Distinct stacks: each template with random extra app frames and recursion.
  const stacks = [];
  for (let i = 0; i < 4000; i++) {
    const t = TEMPLATES[i % TEMPLATES.length];
    const frames = t.map(([b, s]) => `${b}#${s}#${Math.floor(rand() * 3)}`);
    const extra = Math.floor(rand() * 6);
    for (let k = 0; k < extra; k++) frames.splice(2, 0, `DemoApp#${Math.floor(rand() * 5)}#${Math.floor(rand() * 40)}`);
    if (rand() < 0.1) frames.splice(3, 0, frames[3], frames[3]);
    stacks.push({ frames: frames.reverse(), id: 0 });
  }
  const frameXml = (key) => {
    const known = frameIds.get(key);
    if (known) return `<frame ref="${known}"/>`;
    const [b, s] = key.split('#');
    const id = nextId++;
    frameIds.set(key, id);
    const bin = binaryOf.get(b);
    let binXml;
    const bid = binaryIds.get(b);
    if (bid) binXml = `<binary ref="${bid}"/>`;
    else {
      const nid = nextId++;
      binaryIds.set(b, nid);
      binXml = `<binary id="${nid}" name="${bin.name}" UUID="31E1C182-E611-3883-97A3-${String(nid).padStart(12, '0')}" arch="arm64e" load-addr="0x1${(nid * 0x1000000).toString(16)}" path="${bin.path}"/>`;
    }
    const sym = symbolsOf.get(b)[Number(s) % symbolsOf.get(b).length];
    const addr = `0x1${((id * 2654435761) % 0xfffffff).toString(16)}`;
    return `<frame id="${id}" name="${sym}" addr="${addr}">${binXml}</frame>`;
  };

  buf += '<?xml version="1.0"?>\n<trace-query-result>\n';
  buf +=
    `<node xpath='//trace-toc[1]/run[1]/data[1]/table[11]'>` +
    schemaXml('time-profile', [
      ['time', 'Sample Time', 'sample-time'],
      ['thread', 'Thread', 'thread'],
      ['process', 'Process', 'process'],
      ['core', 'Core', 'core'],
      ['thread-state', 'State', 'thread-state'],
      ['weight', 'Weight', 'weight'],
      ['stack', 'Backtrace', 'backtrace'],
    ]);
  const threads = [];
  let processId = 0;
  const cores = [];
  let stateId = 0;
  let weightId = 0;
  let t = 70_294_787;
  const fmtTime = (ns) => {
    const ms = Math.floor(ns / 1e6);
    const us = Math.floor((ns % 1e6) / 1e3);
    const mm = Math.floor(ms / 60000);
    const ss = Math.floor((ms % 60000) / 1000);
    return `${String(mm).padStart(2, '0')}:${String(ss).padStart(2, '0')}.${String(ms % 1000).padStart(3, '0')}.${String(us).padStart(3, '0')}`;
  };
  const samples = [];
  for (let r = 0; r < rows; r++) {
    t += 100_000 + Math.floor(rand() * 200_000);
    let row = `<row><sample-time id="${nextId++}" fmt="${fmtTime(t)}">${t}</sample-time>`;
    const th = Math.floor(rand() * rand() * 8);
    if (!threads[th]) {
      const id = nextId++;
      const tid = 947990 + th * 17;
      let proc;
      if (!processId) {
        processId = nextId++;
        proc = `<process id="${processId}" fmt="DemoApp (23369)"><pid id="${nextId++}" fmt="23369">23369</pid><device-session id="${nextId++}" fmt="TODO">TODO</device-session></process>`;
      } else proc = `<process ref="${processId}"/>`;
      const name = th === 0 ? 'Main Thread' : th === 1 ? 'com.apple.coreml.predict' : `Thread ${th}`;
      row += `<thread id="${id}" fmt="${name}  0x${tid.toString(16)} (DemoApp, pid: 23369)"><tid id="${nextId++}" fmt="0x${tid.toString(16)}">${tid}</tid>${proc}</thread>`;
      threads[th] = id;
    } else row += `<thread ref="${threads[th]}"/>`;
    row += `<process ref="${processId}"/>`;
    const c = Math.floor(rand() * 8);
    if (!cores[c]) {
      cores[c] = nextId++;
      row += `<core id="${cores[c]}" fmt="CPU ${c}${c < 4 ? ' (E Core)' : ' (P Core)'}">${c}</core>`;
    } else row += `<core ref="${cores[c]}"/>`;
    if (!stateId) {
      stateId = nextId++;
      row += `<thread-state id="${stateId}" fmt="Running">Running</thread-state>`;
    } else row += `<thread-state ref="${stateId}"/>`;
    if (!weightId) {
      weightId = nextId++;
      row += `<weight id="${weightId}" fmt="1.00 ms">1000000</weight>`;
    } else row += `<weight ref="${weightId}"/>`;
    if (rand() < 0.003) row += '<sentinel/>';
    else {
      // Zipf-like choice: a few hot stacks, a long tail that keeps adding new ones.
      const k = Math.floor(stacks.length * Math.pow(rand(), 3));
      const st = stacks[k];
      if (st.id) row += `<backtrace ref="${st.id}"/>`;
      else {
        st.id = nextId++;
        row += `<backtrace id="${st.id}">${st.frames.map(frameXml).join('')}</backtrace>`;
      }
    }
    buf += row + '</row>\n';
    if (samples.length < predictions && r % 40 === 0) samples.push(t);
    await flush();
  }
  buf += '</node>\n';
  // Core ML prediction intervals on the same clock.
  buf +=
    `<node xpath='//trace-toc[1]/run[1]/data[1]/table[7]'>` +
    schemaXml('coreml-os-signpost', [
      ['start', 'Start', 'start-time'],
      ['duration', 'Duration', 'duration'],
      ['model-name', 'Model', 'coreml-model-name'],
      ['event', 'Event', 'coreml-model-event'],
    ]) +
    '\n';
  let modelId = 0;
  let eventId = 0;
  for (const s of samples) {
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
  return { bytes, rows, predictions: samples.length };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const out = process.argv[2];
  const i = process.argv.indexOf('--rows');
  const rows = i > 0 ? Number(process.argv[i + 1]) : 1_000_000;
  const r = await generate(out, { rows });
  console.log(JSON.stringify(r));
}
