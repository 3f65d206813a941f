import type { ErrorDetail } from '../domain/errors';
import type { FanOutDefinition, SubFlowDefinition, TaskDefinition } from '../domain/flow/flow-definition';
import { formatPath } from '../domain/problems/issue-paths';
import type { AslMachine, AslState } from './asl-definition';
import { AslNotExpressibleError } from './asl-errors';
import { aslTemplate } from './templates';

type Segment = string | number;

/** What a fan-out's state has as any task's: Output, Assign, Retry, Catch, Comment and Next or End. */
type CommonFields = Omit<Extract<AslState, { Type: 'Parallel' }>, 'Type' | 'Branches' | 'Arguments'>;

/**
 * A `parallel` task as a Parallel state (its `arguments` as Arguments), a `map` task as an INLINE
 * Map state (Items, ItemSelector, MaxConcurrency, the tolerated failures), each sub-flow a machine
 * of its own (`subMachine`). Neither state has a TimeoutSeconds: a fan-out's `timeout_seconds` is
 * left out with a warning. A map's `arguments` has no place in a Map state, and its `write_results`
 * would need a ResultWriter to S3: the export refuses both.
 */
export function fanOutState(
  task: TaskDefinition,
  fanOut: FanOutDefinition,
  at: Segment[],
  warnings: ErrorDetail[],
  common: CommonFields,
  subMachine: (subFlow: SubFlowDefinition, path: Segment[]) => AslMachine,
): AslState {
  const type = fanOut.kind === 'parallel' ? 'Parallel' : 'Map';
  if (task.timeout_seconds !== undefined)
    warnings.push({
      path: formatPath([...at, 'timeout_seconds']),
      message: `Step Functions has no TimeoutSeconds on a ${type} state: the state machine runs it without this bound`,
    });
  if (fanOut.kind === 'parallel') {
    return {
      Type: 'Parallel',
      Branches: fanOut.branches.map((branch, i) => subMachine(branch, ['branches', i])),
      ...(task.arguments !== undefined && { Arguments: aslTemplate(task.arguments) }),
      ...common,
    };
  }
  if (task.arguments !== undefined)
    throw new AslNotExpressibleError(
      `${formatPath([...at, 'arguments'])}: a Map state has no Arguments; shape the items with items and each iteration's input with item_selector`,
    );
  if (fanOut.write_results)
    throw new AslNotExpressibleError(
      `${formatPath([...at, 'write_results'])}: a Map state writes its results out only to S3 (ResultWriter), which the export does not write; export the map without write_results`,
    );
  const { count, percentage } = fanOut.tolerance ?? {};
  return {
    Type: 'Map',
    ...(fanOut.items !== undefined && { Items: aslTemplate(fanOut.items) }),
    ...(fanOut.item_selector !== undefined && { ItemSelector: aslTemplate(fanOut.item_selector) }),
    ItemProcessor: { ProcessorConfig: { Mode: 'INLINE' }, ...subMachine(fanOut.item_processor, ['item_processor']) },
    // 0 is our default (as many at once as the engine runs); Step Functions' default is as many as it can.
    ...(fanOut.max_concurrency > 0 && { MaxConcurrency: fanOut.max_concurrency }),
    ...(percentage !== undefined && {
      ToleratedFailurePercentage: Number.isInteger(percentage) ? percentage : `{% ${percentage} %}`,
    }),
    ...(count !== undefined && { ToleratedFailureCount: count }),
    ...common,
  };
}
