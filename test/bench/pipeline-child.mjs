/**
 * One measured `report` or `gate` run in its own process, so that peak RSS is this run's (worker
 * threads count: they share the process). Prints one JSON line { seconds, maxRssMB, code, out }.
 *   node pipeline-child.mjs ROOT report MANIFEST [ARGS...]   (ROOT: the build to run, its dist/)
 */
import { Readable } from 'node:stream';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [root, ...argv] = process.argv.slice(2);
const t0 = performance.now();
const { main } = await import(pathToFileURL(resolve(root, 'dist/cli/main.js')).href);
const chunks = [];
let errText = '';
const sink = { write: (s) => (chunks.push(s), true), isTTY: false };
const code = await main(argv, { stdout: sink, stderr: { write: (s) => ((errText += s), true), isTTY: false }, stdin: Readable.from([]), env: {}, cwd: process.cwd() });
const seconds = (performance.now() - t0) / 1000;
const ru = process.resourceUsage();
process.stdout.write(JSON.stringify({ seconds, maxRssMB: ru.maxRSS / 1024, cpuSeconds: (ru.userCPUTime + ru.systemCPUTime) / 1e6, code, out: chunks.join(''), err: errText.slice(0, 2000) }) + '\n');
