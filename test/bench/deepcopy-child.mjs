/**
 * One measured run of the Deep Copy benchmark, in its own process (peak RSS is this run's): prints
 * one JSON line { seconds, maxRssMB, note }. Modes:
 *   trace     coreml-doctor trace FILE --json (the CLI's own code path), the JSON written to OUT
 *   readline  node:readline over the file, counting lines (the baseline the issue names)
 *   split     the file as UTF-8 text chunks, lines found with indexOf('\n') (the floor of any line reader)
 */
import { createReadStream, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';

const [mode, file, out] = process.argv.slice(2);
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const t0 = performance.now();
let note = '';

if (mode === 'trace') {
  const { main } = await import(resolve(root, 'dist/cli/main.js'));
  const parts = [];
  const sink = { write: (s) => (parts.push(s), true), isTTY: false };
  const code = await main(['trace', file, '--json'], { stdout: sink, stderr: { write: (s) => process.stderr.write(s), isTTY: false }, stdin: Readable.from([]), env: {}, cwd: process.cwd() });
  if (code !== 0) throw new Error(`trace exited ${code}`);
  const json = parts.join('');
  if (out) writeFileSync(out, json);
  note = `${json.length} bytes of JSON`;
} else if (mode === 'readline') {
  let lines = 0;
  for await (const _ of createInterface({ input: createReadStream(file, { highWaterMark: 1 << 20 }), crlfDelay: Infinity })) lines++;
  note = `${lines} lines`;
} else if (mode === 'split') {
  let lines = 0;
  for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
    for (let i = chunk.indexOf('\n'); i >= 0; i = chunk.indexOf('\n', i + 1)) lines++;
  }
  note = `${lines} newlines`;
} else {
  throw new Error(`unknown mode ${mode}`);
}

const seconds = (performance.now() - t0) / 1000;
process.stdout.write(JSON.stringify({ seconds, maxRssMB: process.resourceUsage().maxRSS / 1024, note }) + '\n');
