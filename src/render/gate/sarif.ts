/**
 * The SARIF 2.1.0 reporter (GitHub code scanning via github/codeql-action/upload-sarif): a rule per
 * assertion kind, a result per violation. Error-level violations are `error`, warnings `warning`,
 * inconclusive regressions `note` (kind `review`). Each result is located at the evaluated step in
 * the manifest or report (line 1 when the line is unknown), with a stable partial fingerprint.
 */
import { failsGate, type GateResult, type TargetResult, type Verdict } from '../../budget/model.js';
import { RULES } from '../../budget/rules.js';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

export interface SarifOptions {
  toolVersion: string;
}

function level(v: Verdict): 'error' | 'warning' | 'note' {
  if (failsGate(v)) return 'error';
  if (v.status === 'inconclusive') return 'note';
  return 'warning';
}

function result(r: GateResult, t: TargetResult, v: Verdict): Record<string, unknown> {
  const ruleIndex = RULES.findIndex((x) => x.kind === v.kind);
  const text = [v.message, v.customMessage].filter(Boolean).join(' — ') + ` [target ${t.name}, step ${t.step}]`;
  const uri = (t.location?.file ?? r.source.file).replace(/\\/g, '/');
  return {
    ruleId: v.ruleId,
    ruleIndex,
    level: level(v),
    kind: v.status === 'inconclusive' ? 'review' : 'fail',
    message: { text },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri, uriBaseId: '%SRCROOT%' },
          region: { startLine: t.location?.line ?? 1 },
        },
      },
    ],
    partialFingerprints: { 'coremlDoctorGate/v1': `${t.name}/${t.step}/${v.assertion}` },
    properties: { target: t.name, step: t.step, assertion: v.assertion, status: v.status, actual: v.actual, limit: v.limit, unit: v.unit, origin: v.origin },
  };
}

export function renderGateSarif(r: GateResult, opts: SarifOptions): string {
  const results = r.targets.flatMap((t) => t.verdicts.filter((v) => v.status !== 'pass').map((v) => result(r, t, v)));
  const sarif = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'coreml-doctor',
            version: opts.toolVersion,
            rules: RULES.map((rule) => ({
              id: rule.ruleId,
              name: rule.ruleName,
              shortDescription: { text: rule.help },
              defaultConfiguration: { level: 'error' },
              properties: { assertionKind: rule.kind, unit: rule.unit },
            })),
          },
        },
        results,
        invocations: [{ executionSuccessful: true }],
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}
