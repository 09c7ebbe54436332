#!/usr/bin/env node
// Launcher: runs the built CLI (dist/: shipped in the package; in a checkout `npm run build` makes it,
// and `npm start` / `npm test` run that first).
// Nothing prints a V8 stack: an error that escapes the CLI (a failed import, an error thrown outside a
// command, a stream error nobody awaited) is one line and exit 3; --debug adds the stack.
const debug = process.argv.includes('--debug');
function internal(err) {
  const msg = err instanceof Error ? err.message : String(err);
  process.stderr.write(`coreml-doctor: internal error: ${String(msg).split('\n')[0]}${debug ? '' : ' (run with --debug for a stack trace, and please report it)'}\n`);
  if (debug && err instanceof Error && err.stack) process.stderr.write(err.stack + '\n');
  process.exit(3);
}
process.on('uncaughtException', internal);
process.on('unhandledRejection', internal);
let main;
try {
  ({ main } = await import('../dist/cli/main.js'));
} catch (err) {
  if (err && err.code === 'ERR_MODULE_NOT_FOUND' && String(err.message).includes('dist/cli/main.js')) {
    process.stderr.write('coreml-doctor: the CLI is not built; run `npm run build` first\n');
    process.exit(2);
  }
  internal(err);
}
process.exitCode = await main(process.argv.slice(2));
