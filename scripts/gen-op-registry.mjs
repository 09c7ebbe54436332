#!/usr/bin/env node
/**
 * Regenerates src/rewrites/registry/data.ts, the op registry that `rewrites` and `log` ship, from
 * the research table ../shared/research/op_registry.json (every op name each coremltools release
 * registers; method in op_registry.md beside it).
 *
 * The shipped module keeps what answers need: names, the first final release that registers each,
 * when a key left the registry, the names that share a converter, the argument cases a converter
 * refuses (`raise NotImplementedError` messages, made readable) and the graph passes that handle
 * ops no release registers. It leaves out locations (files, lines, commits). Its provenance (the
 * source file's SHA-256, the coremltools and onnx-coreml commits and dates) is part of the module,
 * so a test can regenerate it and compare byte for byte.
 *
 *   node scripts/gen-op-registry.mjs                 write the module
 *   node scripts/gen-op-registry.mjs --check         exit 1 when the module differs from what it would write
 *   node scripts/gen-op-registry.mjs --source FILE --out FILE
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_SOURCE = resolve(REPO, '..', 'shared', 'research', 'op_registry.json');
export const DEFAULT_OUT = resolve(REPO, 'src', 'rewrites', 'registry', 'data.ts');
/** How the module names its source: stable, whatever the checkout's absolute path. */
const SOURCE_NAME = '../shared/research/op_registry.json';

/**
 * The graph passes of `specialCases`, by the op names they handle (a trailing `*` is a prefix).
 * Every key of the research file must be listed here, so a new special case cannot be dropped
 * silently: the generator fails on a key it does not know.
 */
const GRAPH_PASS_NAMES = new Map([
  ['getattr (prim::GetAttr)', { frontend: 'pytorch', names: ['getattr'] }],
  ['copy_ / fill_ after slice/select (slice assignment x[...] = v)', { frontend: 'pytorch', names: ['copy_', 'fill_'] }],
  ['append inside loop/if', { frontend: 'pytorch', names: ['append'] }],
  ['graph inputs/outputs tuples', { frontend: 'pytorch', names: [] }],
  ['TorchScript lowering', { frontend: 'pytorch', names: [] }],
  ['Switch/Merge/Enter/Exit/NextIteration/LoopCond', { frontend: 'tensorflow', names: ['Switch', 'Merge', 'Enter', 'Exit', 'NextIteration', 'LoopCond', 'RefSwitch', 'RefMerge', 'RefEnter', 'RefExit', 'RefNextIteration'] }],
  ['Assert / CheckNumerics', { frontend: 'tensorflow', names: ['Assert', 'CheckNumerics'] }],
  ['VariableV2 + Assign/Identity reads (TF1)', { frontend: 'tensorflow', names: ['VariableV2', 'Assign'] }],
  ['TensorArray*', { frontend: 'tensorflow', names: ['TensorArray*'] }],
  ['SpaceToBatchND+Conv+BatchToSpaceND', { frontend: 'tensorflow', names: ['SpaceToBatchND', 'BatchToSpaceND'] }],
  ['FakeQuant* (TF1 quantization)', { frontend: 'tensorflow', names: ['FakeQuant*'] }],
]);

/** The torch lookup eras of `lookup.torch`, by the first final release (or `main`) of each tag range. */
function torchEras(lookup, finals) {
  return lookup.map(({ tags, rule }) => {
    const [from] = tags.split('..');
    const first = from === '9.1.dev1' ? 'main' : finals.find((r) => r === from || from.startsWith(r + 'b')) ?? null;
    if (!first) throw new Error(`lookup.torch: no final release starts the range ${tags}`);
    return [first, tidy(rule)];
  });
}

function tidy(s) {
  return String(s).replace(/\s+/g, ' ').trim();
}

/**
 * A `raise NotImplementedError(...)` argument as the user reads it. The research stores a constant
 * message as its text and anything else as the Python expression (`'mode "{}"'.format(m)`,
 * `f'... {node.name}'`, `prefix + '...'`): an expression's string literals are joined, its
 * placeholders shown as `…`. Null when the expression has no literal (`msg`).
 */
export function readableMessage(raw) {
  const text = String(raw).trim();
  const tokens = tokenizePython(text);
  // An expression is `term (+ term)*` with term = a literal (with `.format(...)`) or a name.
  let expression = tokens !== null && tokens.length > 0;
  for (let k = 0; expression && k < tokens.length; k++) {
    const t = tokens[k];
    const wantTerm = k === 0 || tokens[k - 1].kind === 'plus';
    if (t.kind === 'format') expression = k > 0 && tokens[k - 1].kind === 'literal';
    else if (t.kind === 'plus') expression = k > 0 && tokens[k - 1].kind !== 'plus';
    else expression = wantTerm;
  }
  if (!expression) return tidy(text) || null;
  const parts = tokens.filter((t) => t.kind === 'literal').map((t) => t.value);
  if (!parts.length) return null;
  // A trailing placeholder after "op" is the node's name: `... for the op {node.name}`.
  return tidy(parts.join('').replace(/\{[^{}]*\}/g, '…').replace(/ for the (?:upsample )?op …$/, '')) || null;
}

/** Python string literals, `.format(...)` calls, `+` and names; null when anything else appears. */
function tokenizePython(text) {
  const LITERAL = /[rRbBuUfF]{0,2}("""|'''|"|')((?:\\.|(?!\1)[\s\S])*?)\1/y;
  const NAME = /[A-Za-z_][\w.]*/y;
  const tokens = [];
  let i = 0;
  while (i < text.length) {
    if (/\s/.test(text[i] ?? '')) {
      i++;
      continue;
    }
    if (text[i] === '+') {
      tokens.push({ kind: 'plus' });
      i++;
      continue;
    }
    LITERAL.lastIndex = i;
    const lit = LITERAL.exec(text);
    if (lit) {
      tokens.push({ kind: 'literal', value: lit[2].replace(/\\(["'\\])/g, '$1').replace(/\\n/g, ' ') });
      i = LITERAL.lastIndex;
      continue;
    }
    if (text.startsWith('.format(', i)) {
      let depth = 0;
      let j = i + '.format'.length;
      for (; j < text.length; j++) {
        if (text[j] === '(') depth++;
        else if (text[j] === ')' && --depth === 0) break;
      }
      if (j >= text.length) return null;
      tokens.push({ kind: 'format' });
      i = j + 1;
      continue;
    }
    NAME.lastIndex = i;
    const name = NAME.exec(text);
    if (!name) return null;
    tokens.push({ kind: 'name' });
    i = NAME.lastIndex;
  }
  return tokens;
}

function check(cond, what) {
  if (!cond) throw new Error(`op_registry.json: ${what}`);
}

/** The module text for a research file's content. */
export function generateRegistryModule(text) {
  const json = JSON.parse(text);
  const sha256 = createHash('sha256').update(text).digest('hex');
  const finals = json.source.finalReleases;
  check(Array.isArray(finals) && finals.length > 0, 'source.finalReleases is missing');
  const known = new Set([...finals, 'main']);
  const tagDate = new Map(json.source.tags.map((t) => [t.tag, t.date]));
  const head = json.source.tags.find((t) => t.commit === json.source.head);
  check(head, 'source.head is not among source.tags');
  const onnxHead = json.source.onnxTags.at(-1);
  const releases = [...finals.map((r) => [r, tagDate.get(r)]), ['main', head.date]];
  for (const [r, d] of releases) check(/^\d{4}-\d{2}-\d{2}$/.test(d ?? ''), `no date for release ${r}`);

  const refusals = [];
  const refusalIndex = new Map();
  const groups = [];
  const groupIndex = new Map();
  const refusalIds = (msgs) => {
    const ids = [];
    for (const m of msgs ?? []) {
      const t = readableMessage(m);
      if (!t) continue;
      if (!refusalIndex.has(t)) {
        refusalIndex.set(t, refusals.length);
        refusals.push(t);
      }
      const id = refusalIndex.get(t);
      if (!ids.includes(id)) ids.push(id);
    }
    return ids;
  };
  const groupId = (name, aliases) => {
    if (!aliases.length) return -1;
    const key = [name, ...aliases].filter((v, i, a) => a.indexOf(v) === i).sort().join(' ');
    if (!groupIndex.has(key)) {
      groupIndex.set(key, groups.length);
      groups.push(key);
    }
    return groupIndex.get(key);
  };
  const release = (v, field, name) => {
    check(v === null || v === undefined || known.has(v), `${name}: ${field} "${v}" is not a final release or main`);
    return v ?? null;
  };

  const opRows = (table, frontend) =>
    Object.keys(table)
      .sort()
      .map((name) => {
        const v = table[name];
        check(Array.isArray(v.aliases), `${frontend} ${name}: aliases missing`);
        const since = release(v.since, 'since', name);
        const removedIn = release(v.removedIn, 'removedIn', name);
        const dropped = release(v.keyDroppedIn, 'keyDroppedIn', name);
        const row = [name, since, removedIn, dropped, groupId(name, v.aliases)];
        const r = refusalIds(v.raisesNotImplemented);
        if (r.length) row.push(r);
        return row;
      });

  const torch = opRows(json.torch, 'torch');
  // TensorFlow: one registry. tensorflow2/ops.py re-registers a few names and adds TF2-only ones.
  const tfTable = { ...json.tensorflow };
  const tf2Only = [];
  for (const [name, v] of Object.entries(json.tensorflow2)) {
    if (v.alsoInTensorflow1Registry) continue;
    check(!tfTable[name], `tensorflow2 ${name} is said to be TF2-only but the TF1 registry has it`);
    tfTable[name] = v;
    tf2Only.push(name);
  }
  const tensorflow = opRows(tfTable, 'tensorflow');
  tf2Only.sort();

  const onnx = Object.keys(json.onnx)
    .sort()
    .map((name) => {
      const v = json.onnx[name];
      const reg = v.registries ?? {};
      const ct = Object.values(reg).filter((r) => r.sinceCoremltools);
      for (const r of ct) check(r.sinceCoremltools === '4.0' && r.lastCoremltools === '5.2', `onnx ${name}: coremltools range ${r.sinceCoremltools}-${r.lastCoremltools}`);
      check(v.removedIn === 'coremltools 6.0', `onnx ${name}: removedIn ${v.removedIn}`);
      return [name, reg.legacy?.sinceOnnxCoreml ?? null, reg.nd?.sinceOnnxCoreml ?? null, ct.length > 0 ? 1 : 0];
    });

  const prerelease = [];
  for (const [frontend, table] of [['pytorch', json.torch], ['tensorflow', tfTable]]) {
    for (const name of Object.keys(table).sort()) {
      const v = table[name];
      if ((v.since === null || v.since === 'main') && v.firstTag) prerelease.push([frontend, name, v.firstTag]);
    }
  }

  const graphPasses = [];
  for (const [section, entries] of [['torchGraphPasses', json.specialCases.torchGraphPasses], ['tensorflowGraphPasses', json.specialCases.tensorflowGraphPasses]]) {
    for (const [key, what] of Object.entries(entries)) {
      const m = GRAPH_PASS_NAMES.get(key);
      check(m, `specialCases.${section}: "${key}" is not mapped to op names in scripts/gen-op-registry.mjs`);
      graphPasses.push([m.frontend, m.names, tidy(key), tidy(what)]);
    }
  }

  const eras = torchEras(json.lookup.torch, finals);
  const lookup = {
    torchEras: eras,
    torchExport: tidy(json.lookup.torchExport),
    tensorflow: tidy(json.lookup.tensorflow),
    onnx: tidy(json.lookup.onnx),
  };

  const provenance = {
    source: SOURCE_NAME,
    sha256,
    coremltools: { repo: json.source.repo, commit: json.source.head, date: head.date },
    onnxCoreml: { repo: json.source.onnxRepo, commit: onnxHead.commit, date: onnxHead.date },
    generator: 'scripts/gen-op-registry.mjs',
  };

  const L = [];
  L.push('// GENERATED by scripts/gen-op-registry.mjs from ../shared/research/op_registry.json. Do not edit:');
  L.push('// run `node scripts/gen-op-registry.mjs` (docs/rewrites.md, "The op registry"). Rows are typed in ./types.ts.');
  L.push("import type { GraphPassRow, OnnxRow, OpRow, PrereleaseRow, RegistryProvenance } from './types.js';");
  L.push('');
  L.push(`export const PROVENANCE: RegistryProvenance = ${JSON.stringify(provenance, null, 2)};`);
  L.push('');
  L.push('/** Final releases in order, with their dates, then `main` (the snapshot). */');
  L.push(`export const RELEASES: readonly (readonly [release: string, date: string])[] = [\n${releases.map((r) => '  ' + JSON.stringify(r)).join(',\n')},\n];`);
  L.push('');
  L.push('/** The torch lookup rules: the first release (or `main`) of each era, and the rule as the research states it. */');
  L.push(`export const TORCH_LOOKUP_ERAS: readonly (readonly [from: string, rule: string])[] = [\n${eras.map((r) => '  ' + JSON.stringify(r)).join(',\n')},\n];`);
  L.push('');
  L.push(`export const LOOKUP_NOTES = ${JSON.stringify({ torchExport: lookup.torchExport, tensorflow: lookup.tensorflow, onnx: lookup.onnx }, null, 2)} as const;`);
  L.push('');
  L.push('/** Names that share a converter function, space-separated; rows point here by index. */');
  L.push(`export const GROUPS: readonly string[] = [\n${groups.map((g) => '  ' + JSON.stringify(g)).join(',\n')},\n];`);
  L.push('');
  L.push('/** Argument cases converters refuse (`raise NotImplementedError` in the converter body); rows point here by index. */');
  L.push(`export const REFUSALS: readonly string[] = [\n${refusals.map((g) => '  ' + JSON.stringify(g)).join(',\n')},\n];`);
  L.push('');
  L.push(`/** PyTorch registry keys (${torch.length}): [name, since, removedIn, keyDroppedIn, group, refusals?]. */`);
  L.push(`export const TORCH: readonly OpRow[] = [\n${torch.map((r) => '  ' + JSON.stringify(r)).join(',\n')},\n];`);
  L.push('');
  L.push(`/** TensorFlow op types (${tensorflow.length}; TF1 and TF2 share the registry): [name, since, removedIn, keyDroppedIn, group, refusals?]. */`);
  L.push(`export const TENSORFLOW: readonly OpRow[] = [\n${tensorflow.map((r) => '  ' + JSON.stringify(r)).join(',\n')},\n];`);
  L.push('');
  L.push('/** TensorFlow op types that only the TensorFlow 2 frontend (tensorflow2/ops.py) registers. */');
  L.push(`export const TF2_ONLY: readonly string[] = ${JSON.stringify(tf2Only)};`);
  L.push('');
  L.push(`/** ONNX op types (${onnx.length}) of onnx-coreml and coremltools 4.0-5.2: [name, legacy registry since (onnx-coreml tag), ND registry since, in coremltools 4.0-5.2 (1/0)]. */`);
  L.push(`export const ONNX: readonly OnnxRow[] = [\n${onnx.map((r) => '  ' + JSON.stringify(r)).join(',\n')},\n];`);
  L.push('');
  L.push('/** Names registered only in pre-release or dev tags before their `since`: [frontend, name, first tag]. */');
  L.push(`export const PRERELEASE: readonly PrereleaseRow[] = [\n${prerelease.map((r) => '  ' + JSON.stringify(r)).join(',\n')},\n];`);
  L.push('');
  L.push('/** Ops that graph passes handle before the registry is asked: [frontend, names (a trailing * is a prefix), case, what happens]. */');
  L.push(`export const GRAPH_PASSES: readonly GraphPassRow[] = [\n${graphPasses.map((r) => '  ' + JSON.stringify(r)).join(',\n')},\n];`);
  L.push('');
  return L.join('\n');
}

function main(argv) {
  let source = DEFAULT_SOURCE;
  let out = DEFAULT_OUT;
  let checkOnly = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--check') checkOnly = true;
    else if (a === '--source') source = resolve(argv[++i] ?? '');
    else if (a === '--out') out = resolve(argv[++i] ?? '');
    else {
      process.stderr.write(`gen-op-registry: unknown argument ${a}; expected --check, --source FILE or --out FILE\n`);
      return 2;
    }
  }
  let text;
  try {
    text = readFileSync(source, 'utf8');
  } catch (e) {
    process.stderr.write(`gen-op-registry: ${source}: ${e.code === 'ENOENT' ? 'not found' : e.message}; expected the research table (../shared/research/op_registry.json)\n`);
    return 2;
  }
  const module = generateRegistryModule(text);
  const rel = relative(process.cwd(), out) || out;
  if (checkOnly) {
    let current = '';
    try {
      current = readFileSync(out, 'utf8');
    } catch {
      // missing counts as different
    }
    if (current !== module) {
      process.stderr.write(`gen-op-registry: ${rel} is not what ${SOURCE_NAME} makes; run node scripts/gen-op-registry.mjs\n`);
      return 1;
    }
    process.stdout.write(`${rel} is up to date (${Buffer.byteLength(module)} bytes)\n`);
    return 0;
  }
  writeFileSync(out, module);
  process.stdout.write(`wrote ${rel} (${Buffer.byteLength(module)} bytes) from ${SOURCE_NAME}\n`);
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exitCode = main(process.argv.slice(2));
