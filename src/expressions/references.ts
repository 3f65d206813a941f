import { allNodes, isVariable, type AstNode } from './jsonata-ast';
import { EXTRA_FUNCTION_NAMES } from './extra-functions';

/** What an expression reads from outside itself. */
export interface ExpressionReferences {
  /** Flow variables read as `$name`, sorted. */
  variables: string[];
  /** Fields of `$states` read as `$states.<field>` (`input`, `result`, …), sorted; `*` when `$states` is used whole. */
  statesFields: string[];
}

/** jsonata 2.0's own functions: `$sum` names a function, not a flow variable. */
const JSONATA_FUNCTION_NAMES: ReadonlySet<string> = new Set([
  'sum',
  'count',
  'max',
  'min',
  'average',
  'string',
  'substring',
  'substringBefore',
  'substringAfter',
  'lowercase',
  'uppercase',
  'length',
  'trim',
  'pad',
  'match',
  'contains',
  'replace',
  'split',
  'join',
  'formatNumber',
  'formatBase',
  'formatInteger',
  'parseInteger',
  'number',
  'floor',
  'ceil',
  'round',
  'abs',
  'sqrt',
  'power',
  'random',
  'boolean',
  'not',
  'map',
  'zip',
  'filter',
  'single',
  'reduce',
  'sift',
  'keys',
  'lookup',
  'append',
  'exists',
  'spread',
  'merge',
  'reverse',
  'each',
  'error',
  'assert',
  'type',
  'sort',
  'shuffle',
  'distinct',
  'base64encode',
  'base64decode',
  'encodeUrlComponent',
  'encodeUrl',
  'decodeUrlComponent',
  'decodeUrl',
  'eval',
  'toMillis',
  'fromMillis',
  'clone',
  'now',
  'millis',
]);

const NOT_FLOW_VARIABLES: ReadonlySet<string> = new Set([
  '',
  '$',
  'states',
  ...JSONATA_FUNCTION_NAMES,
  ...EXTRA_FUNCTION_NAMES,
]);

/**
 * The flow variables and `$states` fields an expression reads. Approximate on purpose, in the
 * direction of reporting less: a name the expression binds anywhere itself (`$x := …`, a lambda
 * parameter, `@$x`, `#$i`) is taken to be local everywhere in it, and the names of functions are
 * never taken for variables. Good enough to warn about a variable that no state assigns.
 */
export function expressionReferences(ast: AstNode): ExpressionReferences {
  const all = allNodes(ast);
  const local = new Set<string>();
  for (const node of all) {
    if (node.type === 'bind' && node.lhs !== undefined && !Array.isArray(node.lhs)) {
      const target = node.lhs as AstNode;
      if (isVariable(target)) local.add(target.value);
    }
    if (node.type === 'lambda')
      for (const parameter of node.arguments ?? []) if (isVariable(parameter)) local.add(parameter.value);
    if (typeof node.focus === 'string') local.add(node.focus);
    if (typeof node.index === 'string') local.add(node.index);
  }
  const variables = new Set<string>();
  for (const node of all) {
    if (isVariable(node) && !NOT_FLOW_VARIABLES.has(node.value) && !local.has(node.value)) variables.add(node.value);
  }
  return { variables: [...variables].sort(), statesFields: statesFieldsRead(all, local).sort() };
}

export function mergeReferences(references: readonly ExpressionReferences[]): ExpressionReferences {
  const variables = new Set(references.flatMap((r) => r.variables));
  const statesFields = new Set(references.flatMap((r) => r.statesFields));
  return { variables: [...variables].sort(), statesFields: [...statesFields].sort() };
}

function statesFieldsRead(all: readonly AstNode[], local: ReadonlySet<string>): string[] {
  if (local.has('states')) return ['*'];
  const fields = new Set<string>();
  const inPathHead = new Set<AstNode>();
  for (const node of all) {
    if (node.type !== 'path') continue;
    const [first, second] = node.steps ?? [];
    if (first === undefined || !isVariable(first) || first.value !== 'states') continue;
    inPathHead.add(first);
    fields.add(second?.type === 'name' && typeof second.value === 'string' ? second.value : '*');
  }
  // `$states` anywhere else (`$lookup($states, 'result')`, `$keys($states)`) may read any field.
  if (all.some((node) => isVariable(node) && node.value === 'states' && !inPathHead.has(node))) fields.add('*');
  return [...fields];
}
