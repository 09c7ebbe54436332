import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { runGate } from '../../src/budget/engine.js';
import { failsGate, type GateResult } from '../../src/budget/model.js';
import { readReportJson } from '../../src/report/json-codec.js';
import { RULES } from '../../src/budget/rules.js';
import { noColors } from '../../src/core/color.js';
import { ANNOTATIONS_PER_KIND, renderGateGithub } from '../../src/render/gate/github.js';
import { renderGateJson } from '../../src/render/gate/json.js';
import { renderGateJunit } from '../../src/render/gate/junit.js';
import { renderGateMarkdown } from '../../src/render/gate/markdown.js';
import { renderGateSarif } from '../../src/render/gate/sarif.js';
import { renderGateText } from '../../src/render/gate/text.js';
import { REPO_ROOT } from '../helpers/corpus.js';
import { budget, latencySummary, log, step } from '../budget/helpers.js';

const report = (f: string) => readReportJson(readFileSync(join(REPO_ROOT, 'fixtures/budgets/reports', f), 'utf8'), f);

/** The PR fixture against the matrix budget and the main baseline: fails, warns, passes, several targets. */
function fixtureResult(): GateResult {
  const pr = report('pr.json');
  const main = report('main.json');
  const b = budget(JSON.parse(readFileSync(join(REPO_ROOT, 'fixtures/budgets/matrix.json'), 'utf8')), 'fixtures/budgets/matrix.json');
  const r = runGate(b, { source: { kind: 'report', file: 'pr.json' }, model: pr.model, device: pr.device, steps: pr.steps }, { baseline: { file: 'main.json', steps: main.steps } });
  for (const t of r.targets) t.location = { file: 'reports/pr.json', line: 7 };
  return r;
}

const HOSTILE_STEP = 'q<script>alert(1)</script>&"\'|`**x**`]]>%0A%25::error::pwn,a:b\r\nnext\u0007\u001b[31m';
const HOSTILE_METRIC = 'top1</failure><x a="1">|\n::warning::';

/** Names from input that try to break every format. */
function hostileResult(): GateResult {
  const ref = step('fp32', { accuracy: new Map([[HOSTILE_METRIC, 0.8]]) });
  const cur = step(HOSTILE_STEP, {
    sizeBytes: 9_000_000,
    latency: latencySummary({ p99Ms: 30 }),
    accuracy: new Map([[HOSTILE_METRIC, 0.7]]),
    log: log({ unsupportedOps: ['op<&>"', 'op2'], categories: ['dtype'] }),
  });
  const b = budget({
    targets: [
      {
        name: 'watch <b>&amp;</b> "quoted" | pipe',
        preset: 'apple-watch-series-7',
        accuracyDrop: { [HOSTILE_METRIC]: ['error', { max: 0.01, message: 'msg with <tags> & "quotes"\nand a newline %s' }] },
        unsupportedOps: 0,
        forbid: ['warn', { categories: ['dtype'] }],
        latencyMs: { mean: ['warn', { max: 1 }] },
      },
    ],
  });
  const r = runGate(b, { source: { kind: 'report', file: 'dir, with: odd%chars/report.json' }, model: 'Model "x" <y>', device: null, steps: [ref, cur] });
  for (const t of r.targets) t.location = { file: 'dir, with: odd%chars/report.json', line: 3 };
  return r;
}

describe('JUnit', () => {
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', isArray: (name) => ['testsuite', 'testcase', 'property'].includes(name) });

  it('parses as XML, a testsuite per target and a testcase per assertion', () => {
    const r = fixtureResult();
    const xml = renderGateJunit(r);
    expect(XMLValidator.validate(xml)).toBe(true);
    const doc = parser.parse(xml);
    const suites = doc.testsuites.testsuite as Record<string, unknown>[];
    expect(suites.map((s) => s['@name'])).toEqual(r.targets.map((t) => t.name));
    const total = r.targets.reduce((n, t) => n + t.verdicts.length, 0);
    expect(Number(doc.testsuites['@tests'])).toBe(total);
    expect(Number(doc.testsuites['@failures'])).toBe(r.counts.errors);
    const cases = suites.flatMap((s) => s.testcase as Record<string, unknown>[]);
    expect(cases).toHaveLength(total);
    const failures = cases.filter((c) => c.failure !== undefined);
    expect(failures).toHaveLength(r.targets.flatMap((t) => t.verdicts).filter(failsGate).length);
    expect(cases.filter((c) => c['system-out'] !== undefined).length).toBe(r.counts.warn + r.targets.flatMap((t) => t.verdicts).filter((v) => v.status === 'not-measured' && v.level === 'warn').length);
    expect(cases[0]?.['@classname']).toBe('MobileNetV3-Small.palettize-6bit');
  });

  it('hostile names stay data: valid XML, and the names come back as written', () => {
    const r = hostileResult();
    const xml = renderGateJunit(r);
    expect(XMLValidator.validate(xml)).toBe(true);
    const doc = parser.parse(xml);
    const suite = (doc.testsuites.testsuite as Record<string, unknown>[])[0] as Record<string, unknown>;
    expect(suite['@name']).toBe('watch <b>&amp;</b> "quoted" | pipe');
    const props = (suite.properties as { property: Record<string, string>[] }).property;
    // XML 1.0 cannot hold U+0007 or ESC: they become U+FFFD; everything else survives.
    expect(props.find((p) => p['@name'] === 'step')?.['@value']).toBe(HOSTILE_STEP.replace(/[\u0007\u001b]/g, '\uFFFD').replace(/\r\n/g, '\n'));
    const names = (suite.testcase as Record<string, unknown>[]).map((c) => c['@name']);
    expect(names).toContain(`accuracyDrop.${HOSTILE_METRIC} <= 0.01`.replace(/\n/g, '\n'));
  });
});

describe('SARIF 2.1.0', () => {
  it('has the required fields, a rule per assertion kind and a result per violation', () => {
    const r = fixtureResult();
    const s = JSON.parse(renderGateSarif(r, { toolVersion: '9.9.9' }));
    expect(s.$schema).toBe('https://json.schemastore.org/sarif-2.1.0.json');
    expect(s.version).toBe('2.1.0');
    expect(s.runs).toHaveLength(1);
    const driver = s.runs[0].tool.driver;
    expect(driver).toMatchObject({ name: 'coreml-doctor', version: '9.9.9' });
    expect(driver.rules.map((x: { id: string }) => x.id)).toEqual(RULES.map((x) => x.ruleId));
    expect(new Set(driver.rules.map((x: { id: string }) => x.id)).size).toBe(RULES.length);
    const violations = r.targets.flatMap((t) => t.verdicts).filter((v) => v.status !== 'pass');
    expect(s.runs[0].results).toHaveLength(violations.length);
    for (const res of s.runs[0].results) {
      expect(typeof res.ruleId).toBe('string');
      expect(driver.rules[res.ruleIndex].id).toBe(res.ruleId);
      expect(['error', 'warning', 'note']).toContain(res.level);
      expect(res.message.text.length).toBeGreaterThan(0);
      expect(res.locations[0].physicalLocation.artifactLocation.uri).toBe('reports/pr.json');
      expect(res.locations[0].physicalLocation.region.startLine).toBe(7);
      expect(typeof res.partialFingerprints['coremlDoctorGate/v1']).toBe('string');
    }
    expect(s.runs[0].results.filter((x: { level: string }) => x.level === 'error')).toHaveLength(r.counts.errors);
  });

  it('a passing run has no results, and the document is still complete', () => {
    const b = budget({ sizeMB: 8 });
    const r = runGate(b, { source: { kind: 'report', file: 'r.json' }, model: null, device: null, steps: [step('a', { sizeBytes: 1e6 })] });
    const s = JSON.parse(renderGateSarif(r, { toolVersion: '1' }));
    expect(s.runs[0].results).toEqual([]);
    expect(s.runs[0].results.length).toBe(0);
    expect(s.runs[0].tool.driver.rules.length).toBe(RULES.length);
    // No location known: line 1 of the source file.
    const failing = runGate(b, { source: { kind: 'report', file: 'r.json' }, model: null, device: null, steps: [step('a', { sizeBytes: 9e6 })] });
    const f = JSON.parse(renderGateSarif(failing, { toolVersion: '1' }));
    expect(f.runs[0].results[0].locations[0].physicalLocation).toEqual({ artifactLocation: { uri: 'r.json', uriBaseId: '%SRCROOT%' }, region: { startLine: 1 } });
  });
});

describe('GitHub workflow commands', () => {
  it('one annotation per violation, at the step\'s file and line', () => {
    const r = fixtureResult();
    const lines = renderGateGithub(r).trimEnd().split('\n');
    const violations = r.targets.flatMap((t) => t.verdicts).filter((v) => v.status !== 'pass');
    expect(lines).toHaveLength(violations.length);
    expect(lines.filter((l) => l.startsWith('::error ')).length).toBe(r.counts.errors);
    expect(lines[0]).toMatch(/^::error file=reports\/pr\.json,line=7,title=coreml-doctor gate%3A fps \(watch\)::p99 latency 29\.6 ms is over the 30 fps per-inference budget of 25 ms by 4\.62 ms%0Afrom preset apple-watch-series-7$/);
  });

  it('escapes %, CR and LF in messages, and also : and , in properties', () => {
    const out = renderGateGithub(hostileResult());
    const lines = out.trimEnd().split('\n');
    for (const l of lines) {
      expect(l).toMatch(/^::(error|warning|notice) /);
      expect(l).not.toMatch(/\r/);
    }
    const acc = lines.find((l) => l.includes('accuracyDrop'));
    expect(acc).toBeDefined();
    const [head, ...rest] = (acc as string).slice(2).split('::');
    // The property part has no raw separator characters from input.
    expect(head).toContain('file=dir%2C with%3A odd%25chars/report.json');
    expect(head).toContain('title=coreml-doctor gate%3A accuracyDrop.top1</failure><x a="1">|%0A%3A%3Awarning%3A%3A (watch <b>&amp;</b> "quoted" | pipe)');
    // The message: the input's own "::warning::" stays inside the data, its newline encoded.
    expect(rest.join('::')).toContain('%0A');
    expect(rest.join('::')).toContain('msg with <tags> & "quotes"%0Aand a newline %25s');
  });

  it('caps each kind at GitHub\'s 10 per step, the tenth saying how many more', () => {
    const ops = Object.fromEntries(Array.from({ length: 14 }, (_, i) => [`m${i}`, 0.001]));
    const b = budget({ accuracyDrop: ops });
    const acc = new Map(Object.keys(ops).map((k) => [k, 0.5]));
    const ref = step('fp32', { accuracy: new Map(Object.keys(ops).map((k) => [k, 0.9])) });
    const r = runGate(b, { source: { kind: 'report', file: 'r.json' }, model: null, device: null, steps: [ref, step('q', { accuracy: acc })] });
    const lines = renderGateGithub(r).trimEnd().split('\n');
    expect(lines).toHaveLength(ANNOTATIONS_PER_KIND);
    expect(lines[9]).toMatch(/^::error title=coreml-doctor gate%3A 5 more::5 more errors \(GitHub shows 10 per step\): accuracyDrop\.m9 \(budget\), /);
  });
});

describe('Markdown', () => {
  it('a table per target, failures first, with the budget\'s messages', () => {
    const md = renderGateMarkdown(fixtureResult());
    expect(md.split('\n')[0]).toBe('### ❌ coreml-doctor gate: FAILED: 5 errors (5 over budget), 3 warnings, 12 passed');
    expect(md).toContain('#### ❌ watch');
    expect(md).toContain('| ❌ fail | `fps` | 29.6 ms | ≤ 25 ms | error | p99 latency 29.6 ms is over the 30 fps per-inference budget of 25 ms by 4.62 ms |');
    expect(md).toContain('<br>**The model grew: did a layer lose its palettization config?**');
  });

  it('escapes names from input: no HTML, no table breaks', () => {
    const md = renderGateMarkdown(hostileResult());
    // Inside code spans text is inert; outside them no tag may survive.
    const outsideCode = md.replace(/(`+)([\s\S]*?[^`])\1(?!`)/g, '');
    expect(md).toContain('``q<script>alert(1)</script>');
    expect(outsideCode).not.toContain('<script>');
    expect(outsideCode).not.toContain('<b>');
    expect(md).not.toMatch(/\u001b|\u0007/);
    for (const row of md.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| |'))) {
      // Six columns: seven unescaped pipes.
      expect(row.replace(/\\\|/g, '').split('|')).toHaveLength(8);
    }
  });
});

describe('text and JSON', () => {
  it('text: failures first, the summary last, terminal-safe', () => {
    const text = renderGateText(hostileResult(), { colors: noColors });
    expect(text).not.toMatch(/\u001b|\u0007|\r/);
    const lines = text.trimEnd().split('\n');
    expect(lines.at(-1)).toMatch(/^FAILED: /);
    const marks = lines.filter((l) => /^ {2}[✘⚠?✔] /.test(l)).map((l) => l[2]);
    expect(marks).toEqual([...marks].sort((a, b) => '✘⚠?✔'.indexOf(a as string) - '✘⚠?✔'.indexOf(b as string)));
  });

  it('text --hide-passed keeps the counts', () => {
    const text = renderGateText(fixtureResult(), { colors: noColors, hidePassed: true });
    expect(text).not.toMatch(/✔/);
    expect(text).toMatch(/12 passed/);
  });

  it('JSON: schemaVersion, counts, verdicts', () => {
    const j = JSON.parse(renderGateJson(fixtureResult()));
    expect(j).toMatchObject({ schemaVersion: 1, passed: false, baselineFile: 'main.json', counts: { errors: 5, warn: 3, pass: 12 } });
    // Fields are added, never renamed or reordered: the first eleven are schemaVersion 1's first ones.
    expect(Object.keys(j.targets[0].verdicts[0])).toEqual(['assertion', 'kind', 'ruleId', 'level', 'limit', 'unit', 'customMessage', 'origin', 'status', 'actual', 'message', 'key', 'label', 'bound']);
  });
});
