/**
 * One measured run, in its own process so that peak RSS is this run's: prints one JSON line
 * { seconds, cpuSeconds, maxRssMB, note, ... }. Modes:
 *   trace   coreml-doctor trace FILE --json (the CLI's own code path; output counted, discarded)
 *   folded  coreml-doctor trace FILE --format folded (lines and Σ weight counted as they stream)
 *   tree    coreml-doctor trace FILE --json --tree (bytes counted; the total weight picked out)
 *   fxp     fast-xml-parser on the whole document (read as one string)
 *   saxes   saxes tokenizing the stream (handlers that do nothing)
 *   scan    a bare byte scan counting '<' (the floor: reading the file)
 * `trace-child.mjs MODE FILE [DIST]`: DIST is the build to run (default: this tree's dist/), so that
 * the code before a change can be measured beside the code after it.
 */
import { createReadStream, readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';

const [mode, file, distArg] = process.argv.slice(2);
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dist = distArg ? resolve(distArg) : resolve(root, 'dist');
const t0 = performance.now();
let note = '';
const extra = {};

async function cli(args, onText) {
  const { main } = await import(resolve(dist, 'cli/main.js'));
  let stderr = '';
  const sink = { write: (s) => (onText(s), true), isTTY: false };
  const code = await main(args, { stdout: sink, stderr: { write: (s) => ((stderr += s), true), isTTY: false }, stdin: Readable.from([]), env: {}, cwd: process.cwd() });
  if (code !== 0) throw new Error(`trace exited ${code}: ${stderr.trim().split('\n')[0]}`);
}

if (mode === 'trace') {
  let bytes = 0;
  let json = '';
  await cli(['trace', file, '--json', '--top', '50'], (s) => {
    bytes += s.length;
    if (json.length < 64 << 20) json += s;
  });
  extra.json = json;
  note = `${bytes} bytes of JSON`;
} else if (mode === 'folded') {
  let lines = 0;
  let sum = 0;
  let rest = '';
  await cli(['trace', file, '--format', 'folded'], (s) => {
    const text = rest + s;
    let start = 0;
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', start)) {
      lines++;
      sum += Number(text.slice(text.lastIndexOf(' ', i) + 1, i));
      start = i + 1;
    }
    rest = text.slice(start);
  });
  extra.lines = lines;
  extra.sum = sum;
  note = `${lines} folded lines`;
} else if (mode === 'tree') {
  let bytes = 0;
  let head = '';
  await cli(['trace', file, '--json', '--tree'], (s) => {
    bytes += s.length;
    if (head.length < 4096) head += s;
  });
  extra.totalWeight = Number(/"totalWeight": (\d+)/.exec(head)?.[1]);
  extra.bytes = bytes;
  note = `${bytes} bytes of JSON with the tree`;
} else if (mode === 'fxp') {
  const { XMLParser } = await import('fast-xml-parser');
  const xml = readFileSync(file, 'utf8');
  const doc = new XMLParser({ ignoreAttributes: false }).parse(xml);
  note = `root: ${Object.keys(doc).join(',')}`;
} else if (mode === 'saxes') {
  const { SaxesParser } = await import('saxes');
  const p = new SaxesParser();
  let tags = 0;
  p.on('opentag', () => tags++);
  p.on('closetag', () => {});
  p.on('text', () => {});
  for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 })) p.write(chunk);
  p.close();
  note = `${tags} elements`;
} else if (mode === 'scan') {
  let lt = 0;
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
    for (let i = 0; i < chunk.length; i++) if (chunk[i] === 60) lt++;
  }
  note = `${lt} '<'`;
} else {
  throw new Error(`unknown mode ${mode}`);
}

const seconds = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage();
process.stdout.write(JSON.stringify({ seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, maxRssMB: process.resourceUsage().maxRSS / 1024, note, ...extra }) + '\n');
