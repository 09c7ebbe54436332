// Conversion logs for the `log` benchmark, built from the real lines of the corpus
// (../shared/corpus/convlogs, or $COREML_DOCTOR_CORPUS/convlogs) in mixes shaped like the logs users
// have. Each mix is a block written again and again until the size is reached; the generator counts
// what it wrote (the lines, and the messages whose count the parser must get exactly), so the
// benchmark can check the result before it reports a speed.
//
// Mixes:
//   plain            real lines, one state per line, no \r (a pasted or CI log)
//   tqdm             bars redrawn with \r, warnings glued to bars (a raw tee'd capture)
//   traceback        one huge traceback: IPython frames and source listings, the exception at the end
//   crlf             the plain mix with \r\n line ends (Windows, PowerShell)
//   jupyter-ansi     a notebook re-running a failing cell: ANSI-coloured IPython tracebacks, warnings
//   many-warnings    distinct warnings (each TracerWarning at its own file:line, with its own words)
//   unsupported-ops  `ERROR - converting` and `convert function ... not implemented` lines, 300 ops, every node distinct
//
// `node test/bench/gen-convlog.mjs MIX FILE [--mb N]` writes one.
import { createWriteStream, existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CORPUS = join(process.env.COREML_DOCTOR_CORPUS ?? resolve(ROOT, '..', 'shared', 'corpus'), 'convlogs');

export const MIXES = ['plain', 'tqdm', 'traceback', 'crlf', 'jupyter-ansi', 'many-warnings', 'unsupported-ops'];

// Lines that would change what the benchmark checks (errors, bars, the counted warnings) are not filler.
const NOT_FILLER = /%\||Error\b|Exception\b|Warning\b|Saving value type|Tuple detected|not implemented|op_type|converting '|^\s*\^+\s*$|^-{20,}|Traceback|During handling|direct cause|\bE {3}/;
/** Frames start a traceback: they are filler only inside one. */
const FRAME = /File "|\.py", line \d|\.py in \w|\.py:\d+, in |<ipython-input|Cell In|Input In/;

/** The corpus' lines by role: filler (prints, frames, listings, C++ logs), IPython listing lines, frames. */
function corpusLines() {
  const filler = [];
  const ipyListing = [];
  const ipyFrames = [];
  if (existsSync(CORPUS)) {
    for (const f of readdirSync(CORPUS).filter((x) => x.endsWith('.log')).sort()) {
      for (let line of readFileSync(join(CORPUS, f), 'utf8').split(/\r?\n/)) {
        line = line.replace(/^> ?/, '');
        if (line.length > 400 || line.includes('\r')) continue;
        if (/^(?:-*> ?)?\s*\d+ /.test(line) && !NOT_FILLER.test(line)) ipyListing.push(line);
        else if (/^File (?:~|\/)\S+\.py:\d+, in \w/.test(line) && !NOT_FILLER.test(line)) ipyFrames.push(line);
        if (line.trim() && !NOT_FILLER.test(line) && !FRAME.test(line) && !/^\s*(?:-*> ?)?\d+ /.test(line)) filler.push(line);
      }
    }
  }
  // Without the corpus: lines of the same shapes, written by us.
  if (filler.length < 20) {
    filler.push(
      'W0731 17:22:46.830000 79296 site-packages/torch/distributed/elastic/multiprocessing/redirects.py:29] NOTE: Redirects are currently not supported in Windows or MacOs.',
      '2023-06-07 07:12:53.917406: I tensorflow/core/grappler/devices.cc:66] Number of eligible GPUs (core count >= 8, compute capability >= 0.0): 0',
      '    convert_nodes(self.context, self.graph)',
      'Ran 1 test in 28.670s',
      'epoch 3 step 120 loss 0.004512',
    );
  }
  if (ipyListing.length < 5) ipyListing.push('    516 self.convert_const()', '    518 # Add the rest of the operations', '--> 519 convert_nodes(self.context, self.graph)', '    521 graph_outputs = [self.context[name] for name in self.graph.outputs]');
  if (ipyFrames.length < 2) ipyFrames.push('File ~/.venv/lib/python3.11/site-packages/coremltools/converters/mil/frontend/torch/converter.py:519, in TorchConverter.convert(self)', 'File ~/.venv/lib/python3.11/site-packages/coremltools/converters/mil/frontend/torch/ops.py:79, in convert_nodes(context, graph)');
  return { filler, ipyListing, ipyFrames };
}

function bar(desc, n, total, unit = 'ops') {
  const pct = Math.floor((100 * n) / total);
  const filled = Math.floor((40 * n) / total);
  return `${desc}: ${String(pct).padStart(3)}%|${'█'.repeat(filled)}${' '.repeat(40 - filled)}| ${n}/${total} [00:0${n % 10}<00:01, ${(1000 + (n % 997)).toFixed(2)} ${unit}/s]`;
}

const DOWNCAST = 'Saving value type of int64 into a builtin type of int32, might lose precision!';
const TUPLE = 'WARNING:coremltools:Tuple detected at graph output. This will be flattened in the converted model.';
const TRACER = (path, line, i) =>
  `${path}:${line}: TracerWarning: Converting a tensor to a Python boolean might cause the trace to be incorrect. We can't record the data flow of Python values, so this value will be treated as a constant in the future. This means that the trace might not generalize to other inputs! (${i})`;
const FRONTEND = 'Converting PyTorch Frontend ==> MIL Ops';
const PIPELINES = [
  ['Running MIL frontend_pytorch pipeline', 5],
  ['Running MIL default pipeline', 95],
  ['Running MIL backend_mlprogram pipeline', 12],
];
const ESC = '\u001b';
const ansi = (code, s) => `${ESC}[${code}m${s}${ESC}[0m`;

/**
 * Writes MIX to `path` until about `mb` MB. Returns what it wrote: bytes, lines (as readline counts
 * non-empty lines), and the exact result the parser must give.
 */
export async function generateMix(mix, path, mb) {
  if (!MIXES.includes(mix)) throw new Error(`no mix ${mix} (there are: ${MIXES.join(', ')})`);
  const { filler, ipyListing, ipyFrames } = corpusLines();
  const out = createWriteStream(path);
  const write = (s) => (out.write(s) ? Promise.resolve() : new Promise((r) => out.once('drain', r)));
  const eol = mix === 'crlf' ? '\r\n' : '\n';
  const target = mb * 1e6;
  const expect = { counts: { 'mil.value-downcast': 0, 'torch.tuple-output': 0, 'torch.tracer-warning': 0, 'torch.op-not-implemented': 0 }, ops: new Set(), outcome: 'converted', lastStage: null, failureOp: null };
  let bytes = 0;
  let nonEmpty = 0;
  let f = 0;
  const fill = (n, lines) => {
    for (let k = 0; k < n; k++) lines.push(filler[f++ % filler.length]);
  };
  const flush = async (lines) => {
    const s = lines.join(eol) + eol;
    // readline ends a line at \n, \r\n and a lone \r; the baseline counts the non-empty ones.
    for (const seg of s.split(/\r\n|\r|\n/)) if (seg.length) nonEmpty++;
    bytes += Buffer.byteLength(s);
    await write(s);
  };

  if (mix === 'traceback') {
    // One traceback, as IPython prints it, as long as the file: frames with their listings.
    await flush(['-'.repeat(75), 'RuntimeError                              Traceback (most recent call last)', 'Cell In[7], line 3', '      1 import coremltools as ct', '----> 3 mlmodel = ct.convert(traced, inputs=[ct.TensorType(shape=x.shape)])', '']);
    let i = 0;
    while (bytes < target) {
      const lines = [ipyFrames[i % ipyFrames.length]];
      for (let k = 0; k < 8; k++) lines.push(ipyListing[(i * 8 + k) % ipyListing.length]);
      lines.push('');
      await flush(lines);
      i++;
    }
    await flush(["RuntimeError: PyTorch convert function for op 'upsample_bicubic2d' not implemented."]);
    expect.counts['torch.op-not-implemented'] = 1;
    expect.ops.add('upsample_bicubic2d');
    expect.outcome = 'failed';
    expect.failureOp = 'upsample_bicubic2d';
    expect.onlyDiagnostics = ['torch.op-not-implemented'];
  } else if (mix === 'unsupported-ops') {
    // A log of a sweep over many models, or a loop that converts and logs each failure: 300 ops, every node its own.
    let i = 0;
    while (bytes < target) {
      const op = `custom_op_${i % 300}`;
      const lines = [
        bar(FRONTEND, 100 + (i % 50), 400),
        '',
        `ERROR - converting '${op}' op (located at: 'encoder/layers.${i}/${op}'):`,
        '',
        `RuntimeError: PyTorch convert function for op '${op}' not implemented.`,
      ];
      fill(2, lines);
      expect.ops.add(op);
      expect.counts['torch.op-not-implemented']++;
      await flush(lines);
      i++;
    }
    expect.outcome = 'failed';
    expect.distinctOps = 300;
  } else {
    let i = 0;
    while (bytes < target) {
      const lines = [];
      const total = 2000 + (i % 500);
      if (mix === 'tqdm') {
        const redraws = [];
        for (let n = 0; n <= total; n += 37) {
          let s = bar(FRONTEND, n, total);
          if (n % 370 === 0) {
            s += DOWNCAST;
            expect.counts['mil.value-downcast']++;
          }
          redraws.push(s);
        }
        redraws.push(bar(FRONTEND, total, total));
        lines.push(redraws.join('\r'));
      } else if (mix === 'jupyter-ansi') {
        // The cell fails: its bar stops short of the end, then IPython prints the traceback.
        lines.push(bar(FRONTEND, 0, total) + DOWNCAST, bar(FRONTEND, total - 7, total));
        expect.counts['mil.value-downcast']++;
      } else {
        lines.push(bar(FRONTEND, 0, total) + DOWNCAST, bar(FRONTEND, total, total));
        expect.counts['mil.value-downcast']++;
      }
      if (mix === 'many-warnings') {
        for (let k = 0; k < 6; k++) {
          lines.push(TRACER(`/Users/dev/models/block_${i}.py`, 100 + k, `${i}.${k}`), `  if x.shape[${k % 4}] > ${i % 17}:`);
          expect.counts['torch.tracer-warning']++;
        }
        fill(2, lines);
      } else if (mix === 'jupyter-ansi') {
        lines.push(ansi('0;31', '-'.repeat(75)), `${ansi('0;31', 'ValueError')}                                Traceback (most recent call last)`, ansi('0;32', 'Cell In[13], line 1'));
        for (let k = 0; k < 6; k++) lines.push(ansi('0;32', ipyListing[(i + k) % ipyListing.length]));
        lines.push(ansi('0;32', ipyFrames[i % ipyFrames.length]), ansi('0;31', "ValueError: Op \"1309\" (op_type: inverse) Input x=\"1308\" expects tensor or scalar of dtype from type domain ['fp16', 'fp32'] but got tensor[1,int32]"), '');
        lines.push(ansi('0;33', TRACER('/Users/dev/notebooks/model.py', 86, 'ansi')), '  if x.shape[0] > 1:');
        expect.counts['torch.tracer-warning']++;
      } else {
        lines.push(TRACER('/Users/X/Downloads/code/src/deeplab/convert.py', 86, 'same'), '  return torch.tensor(x)');
        expect.counts['torch.tracer-warning']++;
        fill(6, lines);
      }
      lines.push(TUPLE);
      expect.counts['torch.tuple-output']++;
      for (const [desc, t] of mix === 'jupyter-ansi' ? [] : PIPELINES) {
        if (mix === 'tqdm') {
          const r = [];
          for (let n = 0; n <= t; n += 4) r.push(bar(desc, Math.min(n, t), t, 'passes'));
          r.push(bar(desc, t, t, 'passes'));
          lines.push(r.join('\r'));
        } else lines.push(bar(desc, t, t, 'passes'));
      }
      await flush(lines);
      i++;
    }
    if (mix === 'jupyter-ansi') {
      expect.outcome = 'failed';
      expect.counts['mil.input-dtype-mismatch'] = i;
      expect.ops.add('inverse');
    }
    if (mix !== 'jupyter-ansi') expect.lastStage = { name: 'Running MIL backend_mlprogram pipeline', done: 12, total: 12 };
  }
  await new Promise((r) => out.end(r));
  return { bytes, lines: nonEmpty, expect: { ...expect, ops: [...expect.ops].sort() } };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [mix, file] = process.argv.slice(2);
  const i = process.argv.indexOf('--mb');
  const r = await generateMix(mix, file, i > 0 ? Number(process.argv[i + 1]) : 10);
  process.stdout.write(JSON.stringify({ bytes: r.bytes, lines: r.lines, expect: r.expect }) + '\n');
}
