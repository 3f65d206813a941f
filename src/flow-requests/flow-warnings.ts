import type { TaskRegistry } from '../ports/task-registry';
import { ANY_TASK_ERROR_CODES } from '../domain/error-codes';
import type { ErrorDetail } from '../domain/errors';
import { isChoiceCondition, isTaskTarget, type SubFlowDefinition } from '../domain/flow/flow-definition';
import { LIMITS } from '../domain/limits';
import { formatPath } from '../domain/problems/issue-paths';
import { reachableTasks } from '../domain/flow/reachability';
import { conditionFor, taskAfter } from '../domain/flow/routing';
import { NEVER_ENDS_MESSAGE, neverEnds } from '../domain/flow/termination';
import { parseLambdaFunctionName } from '../domain/lambda-function-name';
import { isExpression } from '../expressions/template-syntax';
import { allowListProblem } from '../tasks/lambda-allow-list';
import { mocksPossibleHere } from '../tasks/mock-only-resources';

type Segment = string | number;

/**
 * What is said about a valid flow, not refused: returned beside the execution. The flow and each
 * of its sub-flows (a parallel's branches, a map's item processor) get the same warnings, each
 * with its own path.
 */
export function flowWarnings(flow: SubFlowDefinition, registry: TaskRegistry, prefix: Segment[]): ErrorDetail[] {
  const warnings = [
    ...neverEndsWarnings(flow, prefix),
    ...unreachableTaskWarnings(flow, prefix),
    ...fallThroughWarnings(flow, prefix),
    ...undeclaredErrorWarnings(flow, registry, prefix),
    ...mockOnlyWarnings(flow, prefix),
    ...lambdaOutsideAllowListWarnings(flow, prefix),
  ];
  flow.tasks.forEach((task, i) => {
    const fanOut = task.fan_out;
    if (fanOut?.kind === 'parallel')
      fanOut.branches.forEach((branch, b) =>
        warnings.push(...flowWarnings(branch, registry, [...prefix, 'tasks', i, 'branches', b])),
      );
    if (fanOut?.kind !== 'map') return;
    if (fanOut.max_concurrency > LIMITS.maxFanOutConcurrency)
      warnings.push({
        path: formatPath([...prefix, 'tasks', i, 'max_concurrency']),
        message: `max_concurrency ${fanOut.max_concurrency} runs at ${LIMITS.maxFanOutConcurrency}, the most items a map runs at once`,
      });
    warnings.push(...flowWarnings(fanOut.item_processor, registry, [...prefix, 'tasks', i, 'item_processor']));
  });
  return warnings;
}

/**
 * On the local stack a function outside the allow-list is not refused (a test case mocks a
 * function of the user's own): said here, where its name is written out. An AWS stage refuses it.
 */
const lambdaOutsideAllowListWarnings = (flow: SubFlowDefinition, prefix: Segment[]): ErrorDetail[] =>
  flow.tasks.flatMap((task, i) => {
    if (task.task_type !== 'invoke_lambda' || !mocksPossibleHere()) return [];
    const written = [
      {
        at: ['parameters', 'function_name'],
        value: (task.parameters as { function_name?: unknown } | undefined)?.function_name,
      },
      {
        at: ['arguments', 'function_name'],
        value: (task.arguments as { function_name?: unknown } | undefined)?.function_name,
      },
      {
        at: ['jsonpath', 'parameters', 'function_name'],
        value: (task.jsonpath?.parameters as { function_name?: unknown } | undefined)?.function_name,
      },
    ];
    return written.flatMap(({ at, value }) => {
      const ref = typeof value === 'string' && !isExpression(value) ? parseLambdaFunctionName(value) : undefined;
      const problem = ref && allowListProblem(value as string, ref);
      return problem === undefined
        ? []
        : [
            {
              path: formatPath([...prefix, 'tasks', i, ...at]),
              message: `${problem}: on this stack it runs only when the execution's test case mocks task '${task.name}' (docs/testing-with-mocks.md)`,
            },
          ];
    });
  });

/** A call the engine can only mock (src/tasks/mock-only-resources.ts) runs only with a test case that mocks it. */
const mockOnlyWarnings = (flow: SubFlowDefinition, prefix: Segment[]): ErrorDetail[] =>
  flow.tasks.flatMap((task, i) =>
    task.task_type === 'mock_only'
      ? [
          {
            path: formatPath([...prefix, 'tasks', i, 'task_type']),
            message: `task '${task.name}' makes a call this engine cannot make: it runs only when the execution's test case mocks it (docs/testing-with-mocks.md), else fails with States.Runtime`,
          },
        ]
      : [],
  );

/** Said, not refused: a flow that only stops at max_steps may be a poller meant to be stopped. */
const neverEndsWarnings = (flow: SubFlowDefinition, prefix: Segment[]): ErrorDetail[] =>
  neverEnds(flow) ? [{ path: formatPath([...prefix, 'start_task']), message: NEVER_ENDS_MESSAGE }] : [];

function unreachableTaskWarnings(flow: SubFlowDefinition, prefix: Segment[]): ErrorDetail[] {
  const reachable = reachableTasks(flow);
  return flow.tasks
    .map((task, i) => ({ task, i }))
    .filter(({ task }) => !reachable.has(task.name))
    .map(({ task, i }) => ({
      path: formatPath([...prefix, 'tasks', i]),
      message: `task '${task.name}' is unreachable from start_task '${flow.start_task}'`,
    }));
}

/**
 * A failure handler without a condition of its own goes on to the next task in the list when it
 * succeeds: often not what was meant (the flow carries on as if nothing failed). Said, not refused.
 */
function fallThroughWarnings(flow: SubFlowDefinition, prefix: Segment[]): ErrorDetail[] {
  const warnings: ErrorDetail[] = [];
  const fallsThrough = (handler: string) => !conditionFor(flow, handler) && taskAfter(flow, handler);
  const warn = (path: string, failing: string, handler: string) =>
    warnings.push({
      path,
      message: `the failure of '${failing}' is handled by '${handler}', which then goes on to '${taskAfter(flow, handler)}' (the next task in the list); give '${handler}' a condition to end or fail if that is not meant`,
    });
  flow.conditions.forEach((condition, i) => {
    if (isChoiceCondition(condition) || !isTaskTarget(condition.target_task_failure)) return;
    const handler = condition.outcome === 'success' ? condition.target_task_failure : condition.target_task_success;
    if (fallsThrough(handler))
      warn(
        formatPath([
          ...prefix,
          'conditions',
          i,
          condition.outcome === 'success' ? 'target_task_failure' : 'target_task_success',
        ]),
        condition.source_task,
        handler,
      );
  });
  flow.tasks.forEach((task, i) =>
    task.catch?.forEach((catcher, c) => {
      if (isTaskTarget(catcher.next) && fallsThrough(catcher.next))
        warn(formatPath([...prefix, 'tasks', i, 'catch', c, 'next']), task.name, catcher.next);
    }),
  );
  return warnings;
}

/**
 * A retrier or catcher naming an error its task's type never reports (a typo, or a code from
 * another type) would never match: said, not refused, since a task may report codes it does not
 * declare. `States.*` names, and the codes any task may fail with (`timeout`, …), are the engine's own.
 */
function undeclaredErrorWarnings(flow: SubFlowDefinition, registry: TaskRegistry, prefix: Segment[]): ErrorDetail[] {
  const warnings: ErrorDetail[] = [];
  flow.tasks.forEach((task, i) => {
    // A fan-out fails with whatever its sub-flows fail with; a callback with whatever error its sender names.
    if (task.fan_out || task.wait_for_callback === true) return;
    const codes = registry.get(task.task_type)?.errorCodes ?? [];
    if (codes === 'any') return;
    const declared = new Set(codes);
    for (const field of ['retry', 'catch'] as const) {
      task[field]?.forEach((rule, r) =>
        rule.error_equals.forEach((name, n) => {
          if (name.startsWith('States.') || ANY_TASK_ERROR_CODES.has(name) || declared.has(name)) return;
          const known =
            declared.size > 0
              ? `it reports ${[...declared].join(', ')} and States.* errors`
              : 'it reports only States.* errors';
          warnings.push({
            path: formatPath([...prefix, 'tasks', i, field, r, 'error_equals', n]),
            message: `task type '${task.task_type}' does not declare the error '${name}' (${known})`,
          });
        }),
      );
    }
  });
  return warnings;
}
