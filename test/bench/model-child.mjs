/**
 * One measured run of the `model` benchmark, in its own process so that peak RSS is this run's; prints
 * one JSON line { seconds, maxRssMB, note }. Modes:
 *   model  coreml-doctor model PATH --json (the CLI's own code path; output kept only as its size)
 *   stat   a bare fs.stat walk of the package (every file's size): the floor for "looking at it"
 *   read   reading every byte of every file (what a reader that loads weight.bin would pay)
 */
import { openSync, readSync, closeSync, readdirSync, statSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';

const [mode, path] = process.argv.slice(2);
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const t0 = performance.now();
const cpu0 = process.cpuUsage();
let note = '';
/** For `model`: the time to load the CLI's modules, apart from reading the model. */
let importSeconds = 0;

function walk(p, visit) {
  const st = statSync(p);
  if (st.isDirectory()) for (const e of readdirSync(p)) walk(join(p, e), visit);
  else visit(p, st);
}

if (mode === 'model') {
  const { main } = await import(resolve(root, 'dist/cli/main.js'));
  importSeconds = (performance.now() - t0) / 1000;
  let json = '';
  const sink = { write: (s) => ((json += s), true), isTTY: false };
  const code = await main(['model', path, '--json'], { stdout: sink, stderr: { write: (s) => process.stderr.write(s), isTTY: false }, stdin: Readable.from([]), env: {}, cwd: process.cwd() });
  if (code !== 0) throw new Error(`model exited ${code}`);
  const j = JSON.parse(json);
  note = JSON.stringify({ parameters: j.weights.parameters, bytes: j.weights.bytes, blobs: j.weights.blobs?.files?.[0]?.count ?? null, referenced: j.weights.blobs?.referenced ?? null, jsonBytes: json.length });
} else if (mode === 'stat') {
  let files = 0;
  let bytes = 0;
  walk(path, (_p, st) => {
    files++;
    bytes += st.size;
  });
  note = `${files} files, ${bytes} bytes`;
} else if (mode === 'read') {
  const buf = Buffer.allocUnsafe(1 << 20);
  let bytes = 0;
  walk(path, (p) => {
    const fd = openSync(p, 'r');
    for (let n; (n = readSync(fd, buf, 0, buf.length, null)) > 0; ) bytes += n;
    closeSync(fd);
  });
  note = `${bytes} bytes read`;
} else {
  throw new Error(`unknown mode ${mode}`);
}

const seconds = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
process.stdout.write(JSON.stringify({ seconds, importSeconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, maxRssMB: process.resourceUsage().maxRSS / 1024, note }) + '\n');
