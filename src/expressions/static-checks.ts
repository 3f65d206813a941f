import { allNodes, isAstNode, isVariable, type AstNode } from './jsonata-ast';

/**
 * Checks made once, when a flow is accepted, on an expression that parsed: constructs that can
 * never work here are reported with the flow's other problems instead of failing a task later.
 */

/**
 * `$eval` compiles text built at run time (from the input, a task's result…) into an expression,
 * which would escape every check made here; Step Functions does not offer it either and points
 * to `$parse` for reading JSON text. Any mention counts, not only calls: `$f := $eval` would
 * smuggle it out under another name.
 */
export function evalProblem(ast: AstNode): string | undefined {
  const use = allNodes(ast).find((node) => isVariable(node) && node.value === 'eval');
  if (use === undefined) return undefined;
  return `$eval is not allowed${at(use)}: it would run text built at run time as an expression; use $parse to read JSON text`;
}

/**
 * An expression here has no input document, as in Step Functions: the state's input is
 * `$states.input`. So `$`, `$$` or a bare field name at the top level of an expression (outside
 * predicates, path steps, group-by and transforms, where they mean the item at hand) can only
 * ever read nothing. Reported, with the fix, rather than left to fail as "returned nothing".
 */
export function contextReadProblem(ast: AstNode): string | undefined {
  const read = firstTopLevelContextRead(ast);
  if (read === undefined) return undefined;
  const what =
    read.type === 'variable'
      ? `'${read.value === '' ? '$' : '$$'}'`
      : read.type === 'name'
        ? `the field name '${String(read.value)}'`
        : `'${String(read.value)}'`;
  const fix = read.type === 'name' ? `$states.input.${String(read.value)}` : '$states.input';
  return `${what}${at(read)} reads the input document, which expressions do not have; read the state's input as ${fix}`;
}

function firstTopLevelContextRead(root: AstNode): AstNode | undefined {
  const pending: AstNode[] = [root];
  while (pending.length > 0) {
    const node = pending.pop()!;
    if (readsContext(node)) return node;
    pending.push(...topLevelChildren(node).reverse());
  }
  return undefined;
}

function readsContext(node: AstNode): boolean {
  if (node.type === 'variable') return node.value === '' || node.value === '$';
  return node.type === 'name' || node.type === 'wildcard' || node.type === 'descendant' || node.type === 'parent';
}

/**
 * The children evaluated against the same (absent) context as `node` itself. Predicates,
 * later path steps, group-by and transform clauses are evaluated against the items they select,
 * so they are left out. Lambda bodies are kept: a lambda reads the context it was defined in.
 */
function topLevelChildren(node: AstNode): AstNode[] {
  switch (node.type) {
    case 'path':
      return node.steps?.[0] !== undefined ? [node.steps[0]] : [];
    case 'binary':
    case 'apply':
      return nodes(node.lhs, node.rhs);
    case 'bind':
      return nodes(node.rhs);
    case 'unary':
      if (node.value === '{') return objectConstructorParts(node.lhs);
      return nodes(node.expression, ...(node.expressions ?? []));
    case 'block':
      return [...(node.expressions ?? [])];
    case 'condition':
      return nodes(node.condition, node.then, node.else);
    case 'function':
    case 'partial':
      return nodes(node.procedure, ...(node.arguments ?? []));
    case 'lambda':
      return nodes(node.body);
    default:
      return [];
  }
}

function objectConstructorParts(pairs: AstNode['lhs']): AstNode[] {
  if (!Array.isArray(pairs)) return [];
  return (pairs as ReadonlyArray<readonly [AstNode, AstNode]>).flatMap(([key, value]) => nodes(key, value));
}

const nodes = (...candidates: unknown[]): AstNode[] => candidates.filter(isAstNode);

const at = (node: AstNode): string => (node.position === undefined ? '' : ` (at position ${node.position})`);
