/**
 * The allowed direction between src/ folders, as data: each folder may import the folders listed
 * (and itself), nothing else. ARCHITECTURE.md shows the same table; test/architecture/imports.test.ts
 * holds the code and the document to it. A new folder gets a row here before it gets code.
 */
export const MAY_IMPORT: Readonly<Record<string, readonly string[]>> = {
  core: [],
  convlog: ['core'],
  trace: ['core'],
  rewrites: ['core', 'convlog'],
  step: ['core', 'convlog', 'trace'],
  model: ['core', 'step', 'rewrites'],
  budget: ['core', 'step', 'convlog'],
  report: ['core', 'step', 'budget', 'convlog', 'trace', 'model'],
  inputs: ['core', 'convlog', 'trace', 'report', 'budget', 'model'],
  render: ['core', 'step', 'budget', 'report', 'trace', 'convlog', 'rewrites', 'model'],
  cli: ['core', 'step', 'budget', 'report', 'trace', 'convlog', 'rewrites', 'model', 'render', 'inputs'],
};
