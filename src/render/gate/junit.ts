/**
 * The JUnit XML reporter (GitLab `artifacts:reports:junit`, Jenkins, CircleCI, Azure): a testsuite
 * per target, a testcase per assertion. Error-level violations (over budget or not measured) are
 * <failure>s; warnings go to the testcase's <system-out> so that they do not fail the build;
 * inconclusive regressions are <skipped> (not decided). Everything is escaped for XML.
 */
import { verdictActual, verdictLimitValue } from '../../budget/format.js';
import { failsGate, type GateResult, type TargetResult, type Verdict } from '../../budget/model.js';
import { escapeXml } from '../../core/escape.js';
import { assertionWithLimit } from './common.js';

const a = (s: string | number) => escapeXml(String(s));

function testcase(r: GateResult, t: TargetResult, v: Verdict): string {
  const classname = `${r.model ?? 'coreml-doctor'}.${t.step}`;
  const open = `    <testcase classname="${a(classname)}" name="${a(assertionWithLimit(v))}" time="0"`;
  const text = [v.message, v.customMessage, `actual: ${verdictActual(v)}`, `limit: ${verdictLimitValue(v)}`, `level: ${v.level}`, `from: ${v.origin}`]
    .filter((x): x is string => Boolean(x))
    .join('\n');
  if (failsGate(v)) {
    const type = v.status === 'not-measured' ? 'not-measured' : 'budget';
    return `${open}>\n      <failure message="${a(v.customMessage ? `${v.message} — ${v.customMessage}` : v.message)}" type="${type}">${a(text)}</failure>\n    </testcase>`;
  }
  if (v.status === 'inconclusive') return `${open}>\n      <skipped message="${a(v.message)}"/>\n    </testcase>`;
  if (v.status === 'warn' || v.status === 'not-measured') return `${open}>\n      <system-out>${a(`WARNING: ${text}`)}</system-out>\n    </testcase>`;
  return `${open}/>`;
}

export function renderGateJunit(r: GateResult): string {
  const all = r.targets.flatMap((t) => t.verdicts);
  const failures = all.filter(failsGate).length;
  const skipped = all.filter((v) => v.status === 'inconclusive').length;
  const out = ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites name="coreml-doctor gate" tests="${all.length}" failures="${failures}" errors="0" skipped="${skipped}" time="0">`];
  for (const t of r.targets) {
    const f = t.verdicts.filter(failsGate).length;
    const s = t.verdicts.filter((v) => v.status === 'inconclusive').length;
    out.push(`  <testsuite name="${a(t.name)}" tests="${t.verdicts.length}" failures="${f}" errors="0" skipped="${s}" time="0">`);
    const props: [string, string | null][] = [
      ['step', t.step],
      ['preset', t.preset],
      ['baselineStep', t.baselineStep],
      ['source', r.source.file],
      ['budget', r.budgetFile],
      ['baseline', r.baselineFile],
      ['perInferenceMs', t.frame ? String(t.frame.perInferenceMs) : null],
    ];
    out.push('    <properties>');
    for (const [k, v] of props) if (v !== null) out.push(`      <property name="${a(k)}" value="${a(v)}"/>`);
    out.push('    </properties>');
    for (const v of t.verdicts) out.push(testcase(r, t, v));
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return out.join('\n') + '\n';
}
