import { COMPARISONS, isChoiceOperator } from '../asl/choice-rules/choice-operators';
import { isPlainObject } from '../domain/flow/schema-helpers';

/**
 * A States Language choice rule as one line of text, for a graph's edge label and its hover:
 * `$.kind StringEquals "a"`, `$.rating NumericGreaterThanPath $.threshold`, `Not (…)`, rules in
 * `And`/`Or` joined by the word, a nested `And`/`Or` in parentheses. Operands are JSON, paths as
 * written; a rule of another shape (never stored: flows are validated) is shown as its JSON.
 */
export function aslRuleText(rule: unknown): string {
  if (!isPlainObject(rule)) return JSON.stringify(rule);
  for (const connective of ['And', 'Or'] as const) {
    const rules = rule[connective];
    if (Array.isArray(rules)) return rules.map((inner) => grouped(inner)).join(` ${connective} `);
  }
  if ('Not' in rule) return `Not (${aslRuleText(rule.Not)})`;
  const operator = Object.keys(rule).find(isChoiceOperator);
  if (operator === undefined || typeof rule.Variable !== 'string') return JSON.stringify(rule);
  const operand = rule[operator];
  const text = COMPARISONS[operator].byPath && typeof operand === 'string' ? operand : JSON.stringify(operand);
  return `${rule.Variable} ${operator} ${text}`;
}

/** An `And` or `Or` inside another in parentheses, so the text reads one way only. */
const grouped = (rule: unknown): string =>
  isPlainObject(rule) && ('And' in rule || 'Or' in rule) ? `(${aslRuleText(rule)})` : aslRuleText(rule);
