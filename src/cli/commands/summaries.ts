/**
 * The commands as top-level help lists them, in its order: name, usage term and one-line summary.
 * Help is built from these rows without loading any command's module; a command's own module is
 * loaded (src/cli/program.ts) only when the arguments name it. Each command takes its summary
 * from here, and a test holds every term equal to the one commander makes from the full command.
 */
export interface CommandSummary {
  readonly name: string;
  /** What help prints for the command: `name [options] <args>`. */
  readonly term: string;
  readonly summary: string;
}

export const COMMAND_SUMMARIES: readonly CommandSummary[] = [
  { name: 'log', term: 'log [options] <file>', summary: 'read a coremltools conversion log: failing ops, nodes, causes, how far it got' },
  { name: 'rewrites', term: 'rewrites [options] [op]', summary: 'what to write instead of an op Core ML cannot convert, and which coremltools release converts any op' },
  { name: 'trace', term: 'trace [options] <file>', summary: 'read an Instruments export: where the CPU time goes, and how long each inference takes' },
  { name: 'report', term: 'report [options] <manifest>', summary: 'the per-step optimization report: size, latency, accuracy, budget, memory plan' },
  { name: 'gate', term: 'gate [options] [pipeline]', summary: 'fail CI, clearly, when a model breaks its size, latency, frame or accuracy budget' },
  { name: 'model', term: 'model [options] <path>', summary: 'read a Core ML model: spec and minimum OS, inputs, ops, weights and compression, Neural Engine risks' },
];

/** The summary of a command listed above (a programming error if it is not). */
export function summaryOf(name: string): string {
  const row = COMMAND_SUMMARIES.find((r) => r.name === name);
  if (!row) throw new Error(`no command summary for ${name}`);
  return row.summary;
}
