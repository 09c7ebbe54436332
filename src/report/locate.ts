/**
 * Where each step is written in a pipeline manifest or a report JSON: the line of its `"name"` in
 * `$.steps[i]`, for annotations that point reviewers at the step. A small scanner over the JSON
 * text that follows the document's structure (a `"name"` anywhere else is not a step's).
 */

/** Step name → 1-based line of its `"name"` key. Text that is not JSON gives what was found before the damage. */
export function stepLines(text: string): Map<string, number> {
  const out = new Map<string, number>();
  // The path from the root: object frames hold their current key, array frames their index.
  const stack: { kind: 'object' | 'array'; key: string | null; index: number; keyLine: number }[] = [];
  let line = 1;
  let expectKey = false;
  const inStep = () => stack.length === 3 && stack[0]?.kind === 'object' && stack[0].key === 'steps' && stack[1]?.kind === 'array' && stack[2]?.kind === 'object';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') line++;
    else if (c === '"') {
      const startLine = line;
      let j = i + 1;
      while (j < text.length && text[j] !== '"') {
        if (text[j] === '\\') j++;
        else if (text[j] === '\n') line++;
        j++;
      }
      let value: string;
      try {
        value = JSON.parse(text.slice(i, j + 1)) as string;
      } catch {
        return out;
      }
      const top = stack[stack.length - 1];
      if (top?.kind === 'object' && expectKey) {
        top.key = value;
        top.keyLine = startLine;
        expectKey = false;
      } else if (top?.kind === 'object' && top.key === 'name' && inStep() && !out.has(value)) {
        out.set(value, top.keyLine);
      }
      i = j;
    } else if (c === '{') {
      stack.push({ kind: 'object', key: null, index: 0, keyLine: line });
      expectKey = true;
    } else if (c === '[') {
      stack.push({ kind: 'array', key: null, index: 0, keyLine: line });
    } else if (c === '}' || c === ']') {
      stack.pop();
    } else if (c === ',') {
      const top = stack[stack.length - 1];
      if (top?.kind === 'object') expectKey = true;
      else if (top) top.index++;
    }
  }
  return out;
}
