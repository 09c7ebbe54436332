/**
 * One measured run, in its own process so that peak RSS is this run's: prints one JSON line
 * { seconds, maxRssMB, note }. Modes:
 *   trace  coreml-doctor trace FILE --json (the CLI's own code path; output discarded)
 *   fxp    fast-xml-parser on the whole document (read as one string)
 *   saxes  saxes tokenizing the stream (handlers that do nothing)
 *   scan   a bare byte scan counting '<' (the floor: reading the file)
 */
import { createReadStream, readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';

const [mode, file] = process.argv.slice(2);
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const t0 = performance.now();
let note = '';

if (mode === 'trace') {
  const { main } = await import(resolve(root, 'dist/cli/main.js'));
  let bytes = 0;
  const sink = { write: (s) => ((bytes += s.length), true), isTTY: false };
  const code = await main(['trace', file, '--json'], { stdout: sink, stderr: { write: (s) => process.stderr.write(s), isTTY: false }, stdin: Readable.from([]), env: {}, cwd: process.cwd() });
  if (code !== 0) throw new Error(`trace exited ${code}`);
  note = `${bytes} bytes of JSON`;
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
process.stdout.write(JSON.stringify({ seconds, maxRssMB: process.resourceUsage().maxRSS / 1024, note }) + '\n');
