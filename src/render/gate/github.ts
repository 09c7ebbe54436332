/**
 * The GitHub Actions reporter: one workflow command per violation (`::error`, `::warning`,
 * `::notice`), pointing at the file and line of the evaluated step. Message data escapes %, CR and
 * LF; properties also `:` and `,` (src/core/escape.ts). GitHub shows at most 10 error, 10 warning
 * and 10 notice annotations per step (actions/toolkit docs/problem-matchers.md, "Limitations"): past
 * that, the tenth annotation of a kind says how many more there are.
 */
import { failsGate, type GateResult, type TargetResult, type Verdict } from '../../budget/model.js';
import { escapeGithubData, escapeGithubProperty } from '../../core/escape.js';
import { sortedVerdicts } from './common.js';

export const ANNOTATIONS_PER_KIND = 10;

type Command = 'error' | 'warning' | 'notice';

function commandFor(v: Verdict): Command | null {
  if (v.status === 'pass') return null;
  if (failsGate(v)) return 'error';
  if (v.status === 'inconclusive') return 'notice';
  return 'warning';
}

function props(t: TargetResult, title: string): string {
  const p: string[] = [];
  if (t.location) {
    p.push(`file=${escapeGithubProperty(t.location.file)}`);
    if (t.location.line !== null) p.push(`line=${t.location.line}`);
  }
  p.push(`title=${escapeGithubProperty(title)}`);
  return p.join(',');
}

export function renderGateGithub(r: GateResult): string {
  const byKind = new Map<Command, { t: TargetResult; v: Verdict }[]>([
    ['error', []],
    ['warning', []],
    ['notice', []],
  ]);
  for (const t of r.targets) {
    for (const v of sortedVerdicts(t)) {
      const cmd = commandFor(v);
      if (cmd) byKind.get(cmd)?.push({ t, v });
    }
  }
  const lines: string[] = [];
  for (const [cmd, items] of byKind) {
    const shown = items.length > ANNOTATIONS_PER_KIND ? items.slice(0, ANNOTATIONS_PER_KIND - 1) : items;
    for (const { t, v } of shown) {
      const title = `coreml-doctor gate: ${v.assertion} (${t.name})`;
      const body = v.message + (v.customMessage ? `\n${v.customMessage}` : '') + `\nfrom ${v.origin}`;
      lines.push(`::${cmd} ${props(t, title)}::${escapeGithubData(body)}`);
    }
    if (shown.length < items.length) {
      const rest = items.slice(shown.length);
      const first = rest[0] as { t: TargetResult; v: Verdict };
      const names = rest.map((x) => `${x.v.assertion} (${x.t.name})`).join(', ');
      lines.push(`::${cmd} ${props(first.t, `coreml-doctor gate: ${rest.length} more`)}::${escapeGithubData(`${rest.length} more ${cmd === 'error' ? 'errors' : cmd === 'warning' ? 'warnings' : 'notices'} (GitHub shows ${ANNOTATIONS_PER_KIND} per step): ${names}. See the job log or the step summary.`)}`);
    }
  }
  return lines.length ? lines.join('\n') + '\n' : '';
}
