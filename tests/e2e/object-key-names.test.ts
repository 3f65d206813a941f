import { api } from '../support/http';

const WAIT = 'wait_seconds=15';

/** Names that are also members of every JavaScript object, and ordinary names in the same roles. */
const OBJECT_KEY_NAMES = ['__proto__', 'constructor', 'hasOwnProperty', 'toString', 'valueOf', 'prototype'];
const ORDINARY_NAMES = ['fetch', 'process', 'store', 'report', 'after_process', 'after_store'];

/**
 * A pipeline in which names matter at every stage: `process` finds `fetch`'s output among the
 * earlier results, `store` finds `process`'s, and conditions route by task name.
 */
function pipeline(names: string[], processFailureRate: number) {
  const [fetch, process, store, report, afterProcess, afterStore] = names as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  return {
    id: 'object-key-names',
    name: 'Object key names',
    start_task: fetch,
    tasks: [
      { name: fetch, task_type: 'fetch_data', parameters: { data_source: 'warehouse' } },
      { name: process, task_type: 'process_data', parameters: { failure_rate: processFailureRate } },
      { name: store, task_type: 'store_data', parameters: { format: 'csv' } },
      { name: report, task_type: 'print', parameters: { message: 'done' } },
    ],
    conditions: [
      {
        name: afterProcess,
        source_task: process,
        outcome: 'success',
        target_task_success: store,
        target_task_failure: report,
      },
      {
        name: afterStore,
        source_task: store,
        outcome: 'success',
        target_task_success: report,
        target_task_failure: 'end',
      },
    ],
  };
}

const VOLATILE = new Set([
  'execution_id',
  'created_at',
  'started_at',
  'completed_at',
  'ended_at',
  'timestamp',
  'duration_ms',
  'execution_time',
  'location',
]);

/** `value` with object-key names spelt as the ordinary ones (in keys and values) and timings dropped. */
function normalised(value: unknown): unknown {
  const rename = (text: string) => {
    const i = OBJECT_KEY_NAMES.indexOf(text);
    return i < 0 ? text : ORDINARY_NAMES[i]!;
  };
  if (typeof value === 'string') return rename(value);
  if (Array.isArray(value)) return value.map(normalised);
  if (value && typeof value === 'object') {
    // fromEntries defines keys, so a `__proto__` key stays a key here too.
    return Object.fromEntries(
      Object.entries(value)
        .filter(([k]) => !VOLATILE.has(k))
        .map(([k, v]) => [rename(k), normalised(v)]),
    );
  }
  return value;
}

/** Runs the flow and reads the finished execution in both formats. */
async function runInBothFormats(body: unknown) {
  const started = await api('POST', '/api/v1/flows/execute', { json: body });
  expect(started.status).toBe(202);
  const id = started.body.execution_id as string;
  const v1 = await api('GET', `/api/v1/flows/executions/${id}?${WAIT}`);
  const flowService = await api('GET', `/flow/${id}/status`);
  expect(v1.status).toBe(200);
  expect(flowService.status).toBe(200);
  return { v1: v1.body, flowService: flowService.body };
}

describe('task and condition names that are JavaScript object keys', () => {
  it.each([
    ['the success path', 0, ['fetch', 'process', 'store', 'report']],
    ['the failure path', 1, ['fetch', 'process', 'report']],
  ])(
    'run %s exactly as ordinary names do, in both response formats',
    async (_path, failureRate, expectedPath) => {
      const [keyed, ordinary] = await Promise.all([
        runInBothFormats(pipeline(OBJECT_KEY_NAMES, failureRate)),
        runInBothFormats(pipeline(ORDINARY_NAMES, failureRate)),
      ]);
      expect(ordinary.v1.status).toBe('SUCCEEDED');
      expect(ordinary.v1.task_results.map((r: { task_name: string }) => r.task_name)).toEqual(expectedPath);

      const keyedPath = expectedPath.map((name) => OBJECT_KEY_NAMES[ORDINARY_NAMES.indexOf(name)]);
      expect(keyed.v1.task_results.map((r: { task_name: string }) => r.task_name)).toEqual(keyedPath);
      expect(Object.keys(keyed.flowService.task_results)).toEqual(keyedPath);
      expect(keyed.flowService.task_results.__proto__.data.records).toHaveLength(3);

      expect(normalised(keyed.v1)).toEqual(normalised(ordinary.v1));
      expect(normalised(keyed.flowService)).toEqual(normalised(ordinary.flowService));
    },
    60_000,
  );
});
