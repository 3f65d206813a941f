import { z } from 'zod';
import { LIMITS } from '../limits';
import { isPlainObject, typeError } from './schema-helpers';

/**
 * The fields of a `parallel` or `map` task (docs/flow-language.md, "Parallel and map tasks"), as users
 * send them beside a task's own. Their rules that depend on the task's type (which fields go with
 * which kind, `parameters` refused, depth) are checked with the flow's references, in
 * src/flow-requests/fan-out-problems.ts; the whole definition's totals in flow-validation.ts.
 */

/** Task types that are fan-outs, not task plug-ins: no plug-in may take these names. */
export const FAN_OUT_TASK_TYPES = ['parallel', 'map'] as const;
export type FanOutKind = (typeof FAN_OUT_TASK_TYPES)[number];
export const isFanOutKind = (taskType: unknown): taskType is FanOutKind =>
  (FAN_OUT_TASK_TYPES as readonly unknown[]).includes(taskType);

/** The OpenAPI component a sub-flow is described by (SubFlowSchema, in flow-schema.ts). */
export const SUB_FLOW_COMPONENT = 'SubFlow';

/**
 * A sub-flow is read here only as an object: the flow validation checks it as a flow of its own
 * (the same schema, references, task types and expressions), with its path, as deep as
 * LIMITS.maxFanOutDepth allows. So no schema recurses, and a hostile body nested thousands deep
 * is refused at the limit instead of exhausting the stack. The document still shows its shape.
 */
const subFlow = (what: string) =>
  z
    .custom<Record<string, unknown>>(isPlainObject, {
      error: `${what} must be a sub-flow: a JSON object with start_task, tasks and conditions`,
    })
    .meta({ $ref: `#/components/schemas/${SUB_FLOW_COMPONENT}` });

const template = (what: string, expected: string, accepts: (value: unknown) => boolean) =>
  z.custom<unknown>(accepts, { error: `${what} must be ${expected}` });

export const fanOutTaskFields = {
  branches: z
    .array(subFlow('a branch'), { error: typeError('branches', 'an array of sub-flows') })
    .min(1, 'branches must have at least one branch')
    .max(LIMITS.maxParallelBranches, `a parallel task may have at most ${LIMITS.maxParallelBranches} branches`)
    .describe("parallel only: the sub-flows run on the task's input; the result is their outputs, in order")
    .optional(),
  items: template(
    'items',
    "a JSON array or an expression '{% ... %}'",
    (v) => Array.isArray(v) || typeof v === 'string',
  )
    .meta({
      type: ['array', 'string'],
      description: "map only: the items, an array or an expression yielding one (default '{% $states.input %}')",
    })
    .optional(),
  items_path: z
    .string({ error: typeError('items_path', 'a JSONPath string') })
    .describe(
      "map only, with jsonpath: a reference path to the array in the task's input after input_path (default '$'), as Step Functions' ItemsPath",
    )
    .optional(),
  item_selector: template(
    'item_selector',
    "a JSON object or an expression '{% ... %}'",
    (v) => isPlainObject(v) || typeof v === 'string',
  )
    .meta({
      type: ['object', 'string'],
      description:
        "map only: each iteration's input (default: its item); sees $states.context.Map.Item.Index and .Value; with jsonpath, a payload template (ItemSelector) seeing the input as $ and $$.Map.Item.Index and .Value",
    })
    .optional(),
  max_concurrency: z
    .int({ error: typeError('max_concurrency', 'a whole number') })
    .min(0, 'max_concurrency must be at least 0')
    .describe(
      `map only: iterations run at once; 0 (the default) means ${LIMITS.maxFanOutConcurrency}, the most, and more runs at that`,
    )
    .optional(),
  tolerated_failure_percentage: z
    .number({ error: typeError('tolerated_failure_percentage', 'a number') })
    .min(0, 'tolerated_failure_percentage must be at least 0')
    .max(100, 'tolerated_failure_percentage must be at most 100')
    .describe('map only: the map fails when more than this share of its items failed')
    .optional(),
  tolerated_failure_count: z
    .int({ error: typeError('tolerated_failure_count', 'a whole number') })
    .min(0, 'tolerated_failure_count must be at least 0')
    .describe('map only: the map fails when more than this many of its items failed')
    .optional(),
  item_processor: subFlow('item_processor')
    .describe('map only: the sub-flow each item runs; the result is their outputs, in item order')
    .optional(),
  write_results: z
    .boolean({ error: typeError('write_results', 'true or false') })
    .describe(
      "map only: true leaves the items' outputs on the children, read through GET /api/v1/flows/executions/{id}/children?include=output; the result is then a summary of the map (docs/fan-out.md), so it is never over the state limit",
    )
    .optional(),
};

/** The fields only one kind takes, so a field given to the other kind (or to a task) is named. */
export const FAN_OUT_FIELDS: Record<FanOutKind, ReadonlyArray<keyof typeof fanOutTaskFields>> = {
  parallel: ['branches'],
  map: [
    'items',
    'items_path',
    'item_selector',
    'max_concurrency',
    'tolerated_failure_percentage',
    'tolerated_failure_count',
    'item_processor',
    'write_results',
  ],
};
