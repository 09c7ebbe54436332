/** Every assertion kind's rule (SARIF rules, docs): the absolute rows, then the regression rows. */
import { ASSERTION_ROWS, type RuleInfo } from './assertions.js';
import { REGRESSION_ROWS } from './regressions.js';

export const RULES: readonly RuleInfo[] = [...ASSERTION_ROWS, ...REGRESSION_ROWS].map(({ kind, ruleId, ruleName, help, unit }) => ({ kind, ruleId, ruleName, help, unit }));
