/**
 * docs/gate.md's tables of assertions and regression defaults, derived from the rows (between the
 * `<!-- generated: ... -->` markers; test/budget/generated.test.ts keeps the file equal to this).
 */
import { BUDGET_ROWS, type RowTable } from './assertions.js';
import { REGRESSION_ROWS } from './regressions.js';

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** One row per assertion: its key (and per-key form), its limit, how it is measured. */
export function assertionsTable(table: RowTable = BUDGET_ROWS): string {
  const lines = ['| key | form | limit | measured as |', '|---|---|---|---|'];
  for (const r of table.rows) {
    const settings = (r.form.settings ?? []).map((s) => ` + \`${s.key}\``).join('');
    const key = r.form.docsKey ? r.form.docsKey(r.key) : `\`${r.key}\``;
    lines.push(`| ${key}${settings} | ${cell(r.form.name)} | ${cell(r.docs.limit)} | ${cell(r.docs.measuredAs)} |`);
  }
  lines.push('| `regression` | limits against `--baseline` (below) | | |');
  return lines.join('\n');
}

/** One row per regression kind: its default and what it compares. */
export function regressionsTable(): string {
  const lines = ['| kind | default | compares |', '|---|---|---|'];
  for (const r of REGRESSION_ROWS) lines.push(`| \`${r.kind}\` | ${cell(r.docs.default)} | ${cell(r.docs.compares)} |`);
  return lines.join('\n');
}

/** The generated blocks of docs/gate.md, by marker name. */
export function generatedDocs(): Map<string, string> {
  return new Map([
    ['budget-assertions', assertionsTable()],
    ['budget-regressions', regressionsTable()],
  ]);
}

/** Replaces each `<!-- generated: NAME -->` … `<!-- end generated -->` block of a text with its generated content. */
export function fillGenerated(text: string, blocks: ReadonlyMap<string, string>): string {
  return text.replace(/<!-- generated: ([\w-]+) -->\n[\s\S]*?<!-- end generated -->/g, (whole, name: string) => {
    const body = blocks.get(name);
    return body === undefined ? whole : `<!-- generated: ${name} -->\n${body}\n<!-- end generated -->`;
  });
}
