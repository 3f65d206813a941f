/**
 * The parts of jsonata's processed syntax tree (`Expression.ast()`) that the static checks read.
 * The package's own typings describe only a few fields, so this is a looser, read-only view.
 */
export interface AstNode {
  readonly type: string;
  readonly value?: unknown;
  readonly position?: number;
  readonly steps?: readonly AstNode[];
  readonly expressions?: readonly AstNode[];
  readonly expression?: AstNode;
  readonly arguments?: readonly AstNode[];
  readonly procedure?: AstNode;
  readonly body?: AstNode;
  readonly condition?: AstNode;
  readonly then?: AstNode;
  readonly else?: AstNode;
  readonly lhs?: AstNode | ReadonlyArray<readonly [AstNode, AstNode]>;
  readonly rhs?: AstNode;
  /** Context variable (`@$x`) and position variable (`#$i`) a path step binds. */
  readonly focus?: string;
  readonly index?: string;
}

export const isAstNode = (value: unknown): value is AstNode =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as AstNode).type === 'string';

/**
 * Every node of the tree, each once, whatever property holds it (predicates, group-by pairs,
 * sort terms, transform clauses…), so that no construct is missed by a check that must see all.
 * Iterative: a long expression cannot exhaust the stack.
 */
export function allNodes(root: AstNode): AstNode[] {
  const found: AstNode[] = [];
  const seen = new Set<object>();
  const pending: unknown[] = [root];
  while (pending.length > 0) {
    const item = pending.pop();
    if (typeof item !== 'object' || item === null || seen.has(item)) continue;
    seen.add(item);
    if (Array.isArray(item)) {
      pending.push(...(item as unknown[]));
      continue;
    }
    if (isAstNode(item)) found.push(item);
    for (const child of Object.values(item)) {
      if (typeof child === 'object' && child !== null) pending.push(child);
    }
  }
  return found;
}

export const isVariable = (node: AstNode): node is AstNode & { value: string } =>
  node.type === 'variable' && typeof node.value === 'string';
