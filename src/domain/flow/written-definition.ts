import type {
  ConditionDefinition,
  FanOutDefinition,
  FlowDefinition,
  SubFlowDefinition,
  TaskDefinition,
} from './flow-definition';

/** A fan-out's fields as a request writes them (docs/flow-language.md, "Parallel and map tasks"). */
interface WrittenFanOutFields {
  branches?: WrittenSubFlow[];
  items?: unknown;
  items_path?: string;
  item_selector?: unknown;
  max_concurrency?: number;
  tolerated_failure_percentage?: number;
  tolerated_failure_count?: number;
  item_processor?: WrittenSubFlow;
  write_results?: boolean;
}

export type WrittenTask = Omit<TaskDefinition, 'fan_out'> & WrittenFanOutFields;

export interface WrittenSubFlow {
  start_task: string;
  tasks: WrittenTask[];
  conditions: ConditionDefinition[];
}

export type WrittenFlow = Omit<FlowDefinition, 'tasks'> & { tasks: WrittenTask[] };

/**
 * A validated definition in the fields a request writes, so that what is shown of a stored flow
 * (GET of a saved flow, the console's saved-flow page) can be posted back as it is and validates
 * to the same definition: a fan-out's `fan_out: { kind, … }`, which only the engine reads, as
 * `branches`, or `items`, `items_path`, `item_selector`, `max_concurrency`, `tolerated_failure_*`,
 * `item_processor` and `write_results`, its sub-flows written the same way. Everything else a
 * definition holds is written as a request writes it already.
 */
export function writtenDefinition(flow: FlowDefinition): WrittenFlow {
  return { ...flow, tasks: flow.tasks.map(writtenTask) };
}

const writtenSubFlow = (subFlow: SubFlowDefinition): WrittenSubFlow => ({
  start_task: subFlow.start_task,
  tasks: subFlow.tasks.map(writtenTask),
  conditions: subFlow.conditions,
});

function writtenTask(task: TaskDefinition): WrittenTask {
  const { fan_out, ...rest } = task;
  return fan_out === undefined ? rest : { ...rest, ...writtenFanOut(fan_out) };
}

function writtenFanOut(fanOut: FanOutDefinition): WrittenFanOutFields {
  if (fanOut.kind === 'parallel') return { branches: fanOut.branches.map(writtenSubFlow) };
  const { count, percentage } = fanOut.tolerance ?? {};
  return {
    ...(fanOut.items !== undefined && { items: fanOut.items }),
    ...(fanOut.items_path !== undefined && { items_path: fanOut.items_path }),
    ...(fanOut.item_selector !== undefined && { item_selector: fanOut.item_selector }),
    max_concurrency: fanOut.max_concurrency,
    ...(percentage !== undefined && { tolerated_failure_percentage: percentage }),
    ...(count !== undefined && { tolerated_failure_count: count }),
    item_processor: writtenSubFlow(fanOut.item_processor),
    ...(fanOut.write_results && { write_results: true }),
  };
}
