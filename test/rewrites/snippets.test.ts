/**
 * Every Python snippet parses and compiles (python3 with ast, one process for all of them), and
 * names nothing it does not import or define, apart from the user's own objects it works on.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { CATALOGUE } from '../../src/rewrites/catalogue/index.js';

/** The user's objects a snippet may refer to without defining them. */
const USER_NAMES = ['model', 'traced', 'example_input', 'example_inputs', 'decoder', 'detector', 'build_model', 'onnx_model', 'traced_float_model'];

const CHECK = `
import ast, builtins, json, sys
allowed = set(json.loads(sys.argv[1])) | set(dir(builtins))
report = []
for s in json.load(sys.stdin):
    try:
        tree = ast.parse(s["code"])
        compile(tree, s["id"], "exec")
    except SyntaxError as e:
        report.append({"id": s["id"], "problem": "syntax: %s (line %s)" % (e.msg, e.lineno)})
        continue
    defined = set(allowed)
    for n in ast.walk(tree):
        if isinstance(n, (ast.Import, ast.ImportFrom)):
            defined.update((a.asname or a.name).split(".")[0] for a in n.names)
        elif isinstance(n, (ast.FunctionDef, ast.ClassDef)):
            defined.add(n.name)
        elif isinstance(n, ast.arg):
            defined.add(n.arg)
        elif isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store):
            defined.add(n.id)
    used = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
    for name in sorted(used - defined):
        report.append({"id": s["id"], "problem": "undefined name " + name})
print(json.dumps(report))
`;

function check(snippets: { id: string; code: string }[]): { id: string; problem: string }[] {
  const r = spawnSync('python3', ['-c', CHECK, JSON.stringify(USER_NAMES)], { input: JSON.stringify(snippets), encoding: 'utf8' });
  if (r.error || r.status !== 0) throw new Error(`python3 failed: ${r.error?.message ?? r.stderr}`);
  return JSON.parse(r.stdout) as { id: string; problem: string }[];
}

describe('catalogue snippets', () => {
  const snippets = CATALOGUE.flatMap((e) => e.snippets.map((s, i) => ({ id: `${e.id} #${i + 1} (${s.title})`, code: s.code })));

  it('parse, compile and use only names they define or import', () => {
    expect(snippets.length).toBeGreaterThanOrEqual(CATALOGUE.length);
    expect(check(snippets)).toEqual([]);
  });

  it('the checker rejects broken Python and missing imports', () => {
    const report = check([
      { id: 'syntax', code: 'def f(x)\n    return x' },
      { id: 'import', code: 'def f(x):\n    return np.zeros(3)' },
      { id: 'outside', code: 'return 1' },
    ]);
    expect(report.map((r) => r.id)).toEqual(['syntax', 'import', 'outside']);
  });
});
