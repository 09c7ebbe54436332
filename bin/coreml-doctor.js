#!/usr/bin/env node
// Launcher: runs the built CLI (dist/: shipped in the package; in a checkout `npm run build` makes it,
// and `npm start` / `npm test` run that first).
let main;
try {
  ({ main } = await import('../dist/cli/main.js'));
} catch (err) {
  if (err && err.code === 'ERR_MODULE_NOT_FOUND' && String(err.message).includes('dist/cli/main.js')) {
    process.stderr.write('coreml-doctor: the CLI is not built; run `npm run build` first\n');
    process.exit(2);
  }
  throw err;
}
process.exitCode = await main(process.argv.slice(2));
