import { ErrorCode } from '../domain/error-codes';
import type { Execution, OuterScope, TopExecution } from '../domain/execution/execution';
import { type FlowDefinition, isAslChoiceRule, isChoiceCondition } from '../domain/flow/flow-definition';
import { LIMITS } from '../domain/limits';
import type { TaskRunResult } from '../tasks/task-type';

/**
 * What a map iteration or parallel branch starts with from the flows around it (docs/fan-out.md,
 * "What a child sees"): its parent's variables as they are when the fan-out starts, and the top
 * execution's facts. Both go into the child's own state when its head is put, which is written
 * then anyway, so no step of the child reads anything more for them.
 */
export interface ChildScope {
  /** The parent's variables: the child's `variables` start with them, each readable as `$name`. */
  variables: ReadonlyMap<string, unknown>;
  execution: TopExecution;
}

/**
 * A parent's scope for its children: its own variables (those of the flows around it included,
 * since it started with them) and the top execution, itself when a caller started it.
 */
export function scopeOfParent(parent: Execution): ChildScope {
  return {
    variables: parent.state.variables ?? new Map(),
    execution: parent.state.outer?.execution ?? {
      id: parent.execution_id,
      ...(parent.name !== undefined && { name: parent.name }),
      started_at: parent.started_at ?? parent.created_at,
      input: parent.state.input,
    },
  };
}

/**
 * The scope a child started with, read back from the child itself: how the next item of a map is
 * started by the invocation that ended its sibling, which holds the sibling and not the parent.
 * A child cannot assign its enclosing flows' variables (refused at submission:
 * src/flow-requests/variable-scope-problems.ts), so their values are still those it started with.
 * Undefined for a child created before children carried their scope (it is started as they were).
 */
export function scopeOfSibling(sibling: Execution): ChildScope | undefined {
  const outer = sibling.state.outer;
  if (!outer) return undefined;
  const variables = new Map<string, unknown>();
  for (const name of outer.variables ?? []) {
    if (sibling.state.variables?.has(name)) variables.set(name, sibling.state.variables.get(name));
  }
  return { variables, execution: outer.execution };
}

/**
 * The child's state fields the scope gives: its variables to start with, and what it sees of the
 * outer flows. A name its sub-flow assigns itself is left out: submission refuses such a sub-flow
 * now, but one saved before children saw their parent's variables may do it, and its name is then
 * the child's alone, so that no sibling started from this child takes the child's value for it.
 */
export function childStateScope(
  scope: ChildScope,
  subFlow: FlowDefinition,
): { variables?: Map<string, unknown>; outer: OuterScope } {
  const own = assignedNames(subFlow);
  const variables = new Map([...scope.variables].filter(([name]) => !own.has(name)));
  const names = [...variables.keys()];
  return {
    ...(names.length > 0 && { variables }),
    outer: { execution: scope.execution, ...(names.length > 0 && { variables: names }) },
  };
}

/** The variables a flow's own tasks and choice rules assign (those of its sub-flows are theirs). */
function assignedNames(flow: FlowDefinition): Set<string> {
  const names = new Set<string>();
  for (const task of flow.tasks) for (const name of Object.keys(task.assign ?? {})) names.add(name);
  for (const condition of flow.conditions) {
    if (!isChoiceCondition(condition)) continue;
    for (const rule of condition.choices)
      if (!isAslChoiceRule(rule)) for (const name of Object.keys(rule.assign ?? {})) names.add(name);
  }
  return names;
}

/**
 * Every child's head carries its parent's variables, and each of the child's steps writes that
 * head again: above LIMITS.maxFanOutVariablesBytes the fan-out fails at its entry, before any
 * child starts, with States.DataLimitExceeded.
 */
export function scopeSizeFailure(scope: ChildScope, kind: 'map' | 'parallel'): TaskRunResult | undefined {
  if (scope.variables.size === 0) return undefined;
  const bytes = Buffer.byteLength(JSON.stringify([...scope.variables]), 'utf8');
  if (bytes <= LIMITS.maxFanOutVariablesBytes) return undefined;
  return {
    status: 'failure',
    error_code: ErrorCode.DataLimitExceeded,
    error: `the variables a ${kind}'s children start with are ${bytes} bytes, over the limit of ${LIMITS.maxFanOutVariablesBytes}: each child carries them (docs/limits.md)`,
  };
}
