/** What a model's specification version implies for the devices it can run on. */
import { milOpTarget } from '../../rewrites/mil-ops.js';
import { compareVersions, minimumOSFor, NEWEST_KNOWN_SPEC, OPSET_SPEC, PLATFORMS, specRow } from '../tables/spec-versions.js';
import { SOURCES } from './sources.js';
import type { FindingRule, RuleHit } from './types.js';

const osText = (spec: number): string => {
  const os = minimumOSFor(spec);
  return os ? `iOS ${os.iOS}, macOS ${os.macOS}, watchOS ${os.watchOS}, tvOS ${os.tvOS}` : `an OS newer than this tool knows (spec ${spec})`;
};

/** Deployment target names (iOS15..iOS18) as spec versions. */
const TARGET_SPEC = new Map([
  ['iOS15', 6],
  ['iOS16', 7],
  ['iOS17', 8],
  ['iOS18', 9],
]);

export const DEPLOYMENT_RULES: readonly FindingRule[] = [
  {
    id: 'deploy.target-too-old',
    level: 'error',
    source: SOURCES.modelProto,
    scope: 'top',
    check: (v) => {
      const hits: RuleHit[] = [];
      const need = v.model.effectiveMinimumOS;
      for (const p of PLATFORMS) {
        const target = v.model.targets[p];
        if (target === undefined) continue;
        if (!need) {
          hits.push({ message: `spec ${v.model.effectiveSpecificationVersion} is newer than this tool knows: it cannot say whether ${p} ${target} runs it`, evidence: `effective spec ${v.model.effectiveSpecificationVersion}` });
        } else if (compareVersions(need[p], target) > 0) {
          hits.push({
            message: `the model needs ${p} ${need[p]} (spec ${v.model.effectiveSpecificationVersion}), newer than the target ${p} ${target}: it will not load there`,
            evidence: `effective spec ${v.model.effectiveSpecificationVersion}${v.model.effectiveSpecificationVersion !== v.model.specificationVersion ? ` (the top level says ${v.model.specificationVersion})` : ''}`,
          });
        }
      }
      return hits;
    },
  },
  {
    id: 'deploy.effective-above-declared',
    level: 'warning',
    source: SOURCES.modelProto,
    scope: 'top',
    check: (v) =>
      v.model.effectiveSpecificationVersion > v.model.specificationVersion
        ? [
            {
              message: `the top level says spec ${v.model.specificationVersion} (${osText(v.model.specificationVersion)}), but its parts need spec ${v.model.effectiveSpecificationVersion}: it runs on ${osText(v.model.effectiveSpecificationVersion)} and newer only`,
              evidence: effectiveEvidence(v.model),
            },
          ]
        : [],
  },
  {
    id: 'deploy.unknown-spec',
    level: 'warning',
    source: SOURCES.modelProto,
    scope: 'part',
    check: (v) =>
      v.part.specificationVersion > NEWEST_KNOWN_SPEC
        ? [{ message: `specification version ${v.part.specificationVersion} is newer than the newest this tool knows (${NEWEST_KNOWN_SPEC}): the minimum OS is unknown`, evidence: `specificationVersion ${v.part.specificationVersion}` }]
        : [],
  },
  {
    id: 'deploy.updatable-before-spec4',
    level: 'warning',
    source: SOURCES.modelProto,
    scope: 'part',
    check: (v) =>
      v.part.isUpdatable && v.part.specificationVersion < 4
        ? [{ message: `marked updatable at spec ${v.part.specificationVersion}, but updatable models arrived in spec 4 (iOS 13): Core ML before iOS 13 cannot train it, and the version is inconsistent`, evidence: `isUpdatable = true, specificationVersion ${v.part.specificationVersion}` }]
        : [],
  },
  {
    id: 'deploy.opset-above-spec',
    level: 'warning',
    source: SOURCES.modelProto,
    scope: 'part',
    check: (v) =>
      v.part.functions
        .filter((f) => (OPSET_SPEC.get(f.opset) ?? 0) > v.part.specificationVersion)
        .map((f) => ({
          message: `function ${f.name} uses opset ${f.opset} (spec ${OPSET_SPEC.get(f.opset)}), newer than the model's spec ${v.part.specificationVersion}`,
          evidence: `opset ${f.opset}, specificationVersion ${v.part.specificationVersion}`,
          function: f.name,
        })),
  },
  {
    id: 'deploy.op-newer-than-opset',
    level: 'warning',
    source: SOURCES.opsets,
    scope: 'part',
    check: (v) => {
      const hits: RuleHit[] = [];
      for (const f of v.part.functions) {
        const spec = OPSET_SPEC.get(f.opset);
        if (spec === undefined) continue;
        for (const [op, n] of f.ops) {
          const target = milOpTarget(op);
          const opSpec = target ? TARGET_SPEC.get(target) : undefined;
          if (opSpec !== undefined && opSpec > spec) {
            hits.push({ message: `${op} (${n}×) in ${f.name} is an ${target} op, but the function's opset ${f.opset} is for ${specRow(spec)?.os.iOS ? `iOS ${specRow(spec)?.os.iOS}` : f.opset}`, evidence: `${n} ${op} op${n === 1 ? '' : 's'}; opset ${f.opset}`, function: f.name, op });
          }
        }
      }
      return hits;
    },
  },
  {
    id: 'deploy.enumerated-inputs-before-ios18',
    level: 'warning',
    source: SOURCES.flexibleInputs,
    scope: 'part',
    check: (v) => {
      const enumerated = v.part.inputs.filter((f) => f.flexible === 'enumerated');
      return enumerated.length > 1 && v.part.specificationVersion < 9
        ? [{ message: `${enumerated.length} inputs use enumerated shapes; before iOS 18 (spec 9) only one input may (coremltools' flexible-inputs guide)`, evidence: enumerated.map((f) => f.name).join(', ') }]
        : [];
    },
  },
];

function effectiveEvidence(m: { specificationVersion: number; subModels: { specificationVersion: number; effectiveSpecificationVersion: number; modelType: string; functions: { opset: string }[] }[]; functions: { opset: string }[] }): string {
  const parts: string[] = [`top level spec ${m.specificationVersion}`];
  m.subModels.forEach((s, i) => parts.push(`sub-model ${i + 1} (${s.modelType}) spec ${s.specificationVersion}${s.functions.length ? `, opset ${s.functions.map((f) => f.opset).join('/')}` : ''}`));
  for (const f of m.functions) parts.push(`opset ${f.opset}`);
  return parts.join('; ');
}
