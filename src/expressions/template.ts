import { LIMITS } from '../domain/limits';
import type { ErrorDetail } from '../domain/errors';
import { jsonDocumentProblems } from '../lib/json-guards';
import { compileExpression, type CompiledExpression, type EvaluationRun } from './compiled-expression';
import { DEFAULT_EVALUATION_BOUNDS, type EvaluationBounds } from './evaluation-bounds';
import type { JsonValue } from './json-value';
import { mergeReferences, type ExpressionReferences } from './references';
import type { StatesBinding } from './states-binding';
import { expressionText, isExpression } from './template-syntax';
import { variableNameProblem } from './variable-names';

/**
 * A template is the value of a flow field: any JSON value in which every string that is exactly
 * `{% … %}` is a JSONata expression and everything else is taken literally.
 */
export type TemplateNode =
  | { readonly kind: 'literal'; readonly value: JsonValue }
  | { readonly kind: 'expression'; readonly path: string; readonly expression: CompiledExpression }
  | { readonly kind: 'array'; readonly items: readonly TemplateNode[] }
  | { readonly kind: 'object'; readonly entries: ReadonlyArray<readonly [string, TemplateNode]> };

export interface CompiledTemplate {
  /** The field the template was written in, e.g. `flow.tasks[2].arguments`. */
  readonly path: string;
  readonly root: TemplateNode;
  readonly expressionCount: number;
  /** The variables and `$states` fields its expressions read. */
  readonly references: ExpressionReferences;
}

/** A problem with a template, shaped like the flow validator's other problems. */
export type ExpressionProblem = ErrorDetail;

export type TemplateCompileOutcome =
  { ok: true; template: CompiledTemplate } | { ok: false; problems: ExpressionProblem[] };

/** What the expressions of one state can read. */
export interface ExpressionBindings {
  states: StatesBinding;
  /** The flow's variables, each read as `$<name>`. */
  variables?: Readonly<Record<string, JsonValue>>;
}

/**
 * Compiles every expression in `value` once. `path` names the field (`flow.tasks[2].arguments`);
 * each problem names the expression's own place below it (`flow.tasks[2].arguments.amount`).
 * The value's nesting and keys are bounded as the flow's other documents are, which also bounds
 * the recursion here and when evaluating.
 */
export function compileTemplate(value: JsonValue, path: string): TemplateCompileOutcome {
  const documentProblems = jsonDocumentProblems(value, path, LIMITS.maxJsonDepth);
  if (documentProblems.length > 0) return { ok: false, problems: documentProblems };
  const problems: ExpressionProblem[] = [];
  const expressions: CompiledExpression[] = [];

  const compileNode = (node: JsonValue, at: string): TemplateNode => {
    if (isExpression(node)) {
      const outcome = compileExpression(expressionText(node));
      if (!outcome.ok) {
        problems.push({ path: at, message: outcome.problem });
        return { kind: 'literal', value: null };
      }
      expressions.push(outcome.expression);
      return { kind: 'expression', path: at, expression: outcome.expression };
    }
    if (Array.isArray(node)) {
      const items = node.map((item, i) => compileNode(item, `${at}[${i}]`));
      return items.every(isLiteral) ? { kind: 'literal', value: structuredClone(node) } : { kind: 'array', items };
    }
    if (typeof node === 'object' && node !== null) {
      const entries = Object.entries(node).map(([key, child]) => [key, compileNode(child, `${at}.${key}`)] as const);
      return entries.every(([, child]) => isLiteral(child))
        ? { kind: 'literal', value: structuredClone(node) }
        : { kind: 'object', entries };
    }
    return { kind: 'literal', value: node };
  };

  const root = compileNode(value, path);
  if (problems.length > 0) return { ok: false, problems };
  const references = mergeReferences(expressions.map((expression) => expression.references));
  return { ok: true, template: { path, root, expressionCount: expressions.length, references } };
}

/**
 * The template's value with every expression replaced by its result, evaluated one after the
 * other in document order. Throws ExpressionEvaluationError (`States.QueryEvaluationError`) at
 * the first expression that fails, is stopped by a bound, or produces nothing or no JSON.
 */
export async function evaluateTemplate(
  template: CompiledTemplate,
  bindings: ExpressionBindings,
  bounds: Partial<EvaluationBounds> = {},
): Promise<JsonValue> {
  const { timeLimitMs, maxDepth } = { ...DEFAULT_EVALUATION_BOUNDS, ...bounds };
  const run: EvaluationRun = { deadline: Date.now() + timeLimitMs, timeLimitMs, maxDepth };
  return evaluateNode(template.root, scopeOf(bindings), run);
}

function scopeOf(bindings: ExpressionBindings): Record<string, unknown> {
  const scope: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(bindings.variables ?? {})) {
    // Names are checked when the flow is accepted; one that is not valid here is a bug upstream.
    const problem = variableNameProblem(name);
    if (problem !== undefined) throw new Error(`cannot bind the flow variable '${name}': ${problem}`);
    scope[name] = value;
  }
  scope.states = bindings.states;
  return scope;
}

async function evaluateNode(
  node: TemplateNode,
  scope: Readonly<Record<string, unknown>>,
  run: EvaluationRun,
): Promise<JsonValue> {
  switch (node.kind) {
    case 'literal':
      // A copy: the caller may change what it gets without changing the compiled template.
      return structuredClone(node.value);
    case 'expression':
      return node.expression.evaluate(scope, node.path, run);
    case 'array': {
      const items: JsonValue[] = [];
      for (const item of node.items) items.push(await evaluateNode(item, scope, run));
      return items;
    }
    case 'object': {
      const object: Record<string, JsonValue> = {};
      for (const [key, child] of node.entries) object[key] = await evaluateNode(child, scope, run);
      return object;
    }
  }
}

const isLiteral = (node: TemplateNode): boolean => node.kind === 'literal';
