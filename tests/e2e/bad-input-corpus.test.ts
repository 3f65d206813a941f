import { api, tableItemCount } from '../support/http';
import { startIsolatedStack } from '../support/isolated-stack';

/**
 * Bad requests against the running API, table-driven. Each must get its documented 4xx with a
 * JSON error that names the field; none may be a 500; and none may write anything, which is
 * checked exactly because this file's API writes to a table of its own.
 */
interface Case {
  name: string;
  method?: string;
  path?: string;
  json?: unknown;
  raw?: string;
  headers?: Record<string, string>;
  status: number;
  code?: string;
  /** A detail path the error must name (exact, or a RegExp). */
  field?: string | RegExp;
}

const task = (name: string, extra: Record<string, unknown> = {}) => ({ name, task_type: 'noop', ...extra });
const flow = (overrides: Record<string, unknown> = {}) => ({
  id: 'corpus',
  name: 'corpus',
  start_task: 'a',
  tasks: [task('a'), task('b')],
  conditions: [],
  ...overrides,
});
const cond = (overrides: Record<string, unknown> = {}) => ({
  name: 'c',
  source_task: 'a',
  outcome: 'success',
  target_task_success: 'b',
  target_task_failure: 'end',
  ...overrides,
});
const withParams = (task_type: string, parameters: unknown) => flow({ tasks: [{ name: 'a', task_type, parameters }] });
const without = (key: string) => {
  const f: Record<string, unknown> = flow();
  // eslint-disable-next-line @typescript-eslint/no-dynamic-delete -- the field the case leaves out
  delete f[key];
  return f;
};
/** Built as text: JSON.stringify itself would overflow the stack on 10,000 levels. */
const nestedText = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
const EXECUTE = '/api/v1/flows/execute';
/** A saved flow that is never saved: every request on it here is refused. */
const SAVED = '/api/v1/flows/corpus';
const classic = JSON.stringify({ flow: flow() });

const cases: Case[] = [
  // Transport: JSON, content type, size
  { name: 'malformed JSON', raw: '{"id": ', status: 400, code: 'invalid_json', field: 'body' },
  {
    name: 'truncated JSON',
    raw: classic.slice(0, classic.length / 2),
    status: 400,
    code: 'invalid_json',
    field: 'body',
  },
  { name: 'not JSON at all', raw: '{not json}', status: 400, code: 'invalid_json', field: 'body' },
  { name: 'trailing garbage', raw: `${classic}xyz`, status: 400, code: 'invalid_json', field: 'body' },
  { name: 'empty body', raw: '', status: 400, code: 'empty_body', field: 'body' },
  { name: 'whitespace body', raw: '   \n', status: 400, code: 'empty_body', field: 'body' },
  // (serverless-offline re-parses `null` and string bodies before the handler sees them, so
  // those two are only held to "400 naming the body" here; unit tests pin the exact codes.)
  { name: 'JSON null', raw: 'null', status: 400, field: 'body' },
  { name: 'JSON array', raw: '[]', status: 400, code: 'validation_error', field: 'body' },
  { name: 'JSON string', raw: '"flow"', status: 400, field: 'body' },
  { name: 'JSON number', raw: '42', status: 400, code: 'validation_error', field: 'body' },
  {
    name: 'text/plain',
    raw: classic,
    headers: { 'content-type': 'text/plain' },
    status: 415,
    code: 'unsupported_media_type',
    field: 'headers.content-type',
  },
  {
    name: 'JSON-like but not JSON content type',
    raw: classic,
    headers: { 'content-type': 'application/jsonx' },
    status: 415,
    field: 'headers.content-type',
  },
  {
    name: 'application/xml',
    raw: '<flow/>',
    headers: { 'content-type': 'application/xml' },
    status: 415,
    field: 'headers.content-type',
  },
  { name: 'form encoded', raw: 'a=1', headers: { 'content-type': 'application/x-www-form-urlencoded' }, status: 415 },
  {
    name: '300 KB body',
    json: { ...flow(), input: { blob: 'x'.repeat(300 * 1024) } },
    status: 413,
    code: 'payload_too_large',
    field: 'body',
  },
  // Just under API Gateway's own 10 MB cap, so it reaches (and is refused by) the handler.
  {
    name: '9.5 MB body',
    raw: JSON.stringify({ ...flow(), input: { blob: 'x'.repeat(9.5 * 1024 * 1024) } }),
    status: 413,
    code: 'payload_too_large',
    field: 'body',
  },
  {
    name: 'input of 100 KB',
    json: { ...flow(), input: { blob: 'x'.repeat(100 * 1024) } },
    status: 413,
    code: 'payload_too_large',
    field: 'input',
  },
  // A key repeated in one object: refused by name, never last-one-wins
  {
    name: 'duplicate top-level key',
    raw: JSON.stringify(flow()).replace('"id":"corpus"', '"id":"corpus","id":"other"'),
    status: 400,
    code: 'duplicate_key',
    field: 'id',
  },
  {
    name: 'duplicate task name key',
    raw: JSON.stringify({ flow: flow() }).replace('"name":"b"', '"name":"b","name":"c"'),
    status: 400,
    code: 'duplicate_key',
    field: 'flow.tasks[1].name',
  },
  {
    name: 'duplicate key spelt with an escape',
    raw: JSON.stringify(flow()).replace('"start_task":"a"', '"start_task":"a","start_t\\u0061sk":"b"'),
    status: 400,
    code: 'duplicate_key',
    field: 'start_task',
  },
  {
    name: 'duplicate condition field',
    raw: JSON.stringify(flow({ conditions: [cond()] })).replace(
      '"outcome":"success"',
      '"outcome":"success","outcome":"failure"',
    ),
    status: 400,
    code: 'duplicate_key',
    field: 'conditions[0].outcome',
  },
  {
    name: 'duplicate key in parameters',
    raw: JSON.stringify(withParams('print', { message: 'x' })).replace('"message":"x"', '"message":"x","message":"y"'),
    status: 400,
    code: 'duplicate_key',
    field: 'tasks[0].parameters.message',
  },
  {
    name: 'duplicate key in input',
    raw: `{"flow":${JSON.stringify(flow())},"input":{"batch":1,"batch":2}}`,
    status: 400,
    code: 'duplicate_key',
    field: 'input.batch',
  },
  {
    name: 'duplicate key on /flow/create',
    path: '/flow/create',
    raw: JSON.stringify(flow()).replace('"name":"a"', '"name":"a","name":"z"'),
    status: 400,
    code: 'duplicate_key',
    field: 'tasks[0].name',
  },
  {
    name: 'duplicate key on /flow/execute',
    path: '/flow/execute',
    raw: '{"execution_id":"a","execution_id":"b"}',
    status: 400,
    code: 'duplicate_key',
    field: 'execution_id',
  },
  // Names are visible text: no control characters, unpaired surrogates or bidirectional controls
  {
    name: 'BEL in a task name',
    json: flow({ tasks: [task('a'), task('b\u0007')] }),
    status: 400,
    code: 'validation_error',
    field: 'tasks[1].name',
  },
  { name: 'newline in the flow name', json: flow({ name: 'corpus\nflow' }), status: 400, field: 'name' },
  { name: 'NUL in the flow id', json: flow({ id: 'corpus\u0000' }), status: 400, field: 'id' },
  { name: 'tab before start_task', json: flow({ start_task: '\ta' }), status: 400, field: 'start_task' },
  {
    name: 'C1 control in a condition name',
    json: flow({ conditions: [cond({ name: 'c\u009b' })] }),
    status: 400,
    field: 'conditions[0].name',
  },
  {
    name: 'DEL in source_task',
    json: flow({ conditions: [cond({ source_task: 'a\u007f' })] }),
    status: 400,
    field: 'conditions[0].source_task',
  },
  {
    name: 'right-to-left override in a task name',
    json: flow({ tasks: [task('a'), task('b\u202etxt.exe')] }),
    status: 400,
    field: 'tasks[1].name',
  },
  {
    name: 'isolates around target_task_success',
    json: flow({ conditions: [cond({ target_task_success: '\u2066b\u2069' })] }),
    status: 400,
    field: 'conditions[0].target_task_success',
  },
  { name: 'embedding in the flow name', json: flow({ name: '\u202bcorpus' }), status: 400, field: 'name' },
  {
    name: 'right-to-left mark in target_task_failure',
    json: flow({ conditions: [cond({ target_task_failure: 'end\u200f' })] }),
    status: 400,
    field: 'conditions[0].target_task_failure',
  },
  {
    name: 'lone surrogate in a task name',
    raw: JSON.stringify(flow()).replace('"name":"b"', '"name":"b\\ud800"'),
    status: 400,
    code: 'validation_error',
    field: 'tasks[1].name',
  },
  {
    name: 'lone low surrogate in the flow id',
    raw: JSON.stringify({ flow: flow() }).replace('"id":"corpus"', '"id":"\\udc00corpus"'),
    status: 400,
    field: 'flow.id',
  },
  // Missing required fields
  { name: 'missing id', json: without('id'), status: 400, field: 'id' },
  { name: 'missing name', json: without('name'), status: 400, field: 'name' },
  { name: 'missing start_task', json: without('start_task'), status: 400, field: 'start_task' },
  { name: 'missing tasks', json: without('tasks'), status: 400, field: 'tasks' },
  { name: 'missing conditions', json: without('conditions'), status: 400, field: 'conditions' },
  { name: 'task without name', json: flow({ tasks: [{ task_type: 'noop' }] }), status: 400, field: 'tasks[0].name' },
  {
    name: 'condition without source_task',
    json: flow({ conditions: [{ ...cond(), source_task: undefined }] }),
    status: 400,
    field: 'conditions[0].source_task',
  },
  {
    name: 'condition without outcome',
    json: flow({ conditions: [{ ...cond(), outcome: undefined }] }),
    status: 400,
    field: 'conditions[0].outcome',
  },
  {
    name: 'condition without target_task_success',
    json: flow({ conditions: [{ ...cond(), target_task_success: undefined }] }),
    status: 400,
    field: 'conditions[0].target_task_success',
  },
  { name: 'wrapped flow missing', json: { flow: null }, status: 400, field: 'flow' },
  // Wrong types
  { name: 'id is a number', json: flow({ id: 7 }), status: 400, field: 'id' },
  { name: 'name is an array', json: flow({ name: ['x'] }), status: 400, field: 'name' },
  { name: 'tasks is an object', json: flow({ tasks: { a: 1 } }), status: 400, field: 'tasks' },
  { name: 'conditions is a string', json: flow({ conditions: 'none' }), status: 400, field: 'conditions' },
  {
    name: 'task name is a number',
    json: flow({ tasks: [{ name: 1, task_type: 'noop' }] }),
    status: 400,
    field: 'tasks[0].name',
  },
  { name: 'parameters is an array', json: withParams('noop', [1]), status: 400, field: 'tasks[0].parameters' },
  {
    name: 'task_type is a number',
    json: flow({ tasks: [{ name: 'a', task_type: 3 }] }),
    status: 400,
    field: 'tasks[0].task_type',
  },
  { name: 'max_steps is a string', json: flow({ max_steps: '10' }), status: 400, field: 'max_steps' },
  { name: 'max_steps is fractional', json: flow({ max_steps: 2.5 }), status: 400, field: 'max_steps' },
  { name: 'input is an array', json: { ...flow(), input: [1, 2] }, status: 400, field: 'input' },
  { name: 'input is a string', json: { flow: flow(), input: 'x' }, status: 400, field: 'input' },
  {
    name: 'outcome is unknown',
    json: flow({ conditions: [cond({ outcome: 'maybe' })] }),
    status: 400,
    field: 'conditions[0].outcome',
  },
  {
    name: 'timeout_seconds is a string',
    json: flow({ tasks: [task('a', { timeout_seconds: 'soon' })] }),
    status: 400,
    field: 'tasks[0].timeout_seconds',
  },
  // Unknown fields
  { name: 'unknown flow field', json: flow({ colour: 'red' }), status: 400, field: 'colour' },
  {
    name: 'unknown task field',
    json: flow({ tasks: [task('a', { retries: 3 })] }),
    status: 400,
    field: 'tasks[0].retries',
  },
  {
    name: 'unknown condition field',
    json: flow({ conditions: [cond({ when: 'now' })] }),
    status: 400,
    field: 'conditions[0].when',
  },
  { name: 'unknown envelope field', json: { flow: flow(), extra: true }, status: 400, field: 'extra' },
  {
    name: 'unknown parameter',
    json: withParams('fetch_data', { data_sauce: 'x' }),
    status: 400,
    field: 'tasks[0].parameters.data_sauce',
  },
  // Sizes and ranges
  {
    name: '300 tasks',
    json: flow({ tasks: Array.from({ length: 300 }, (_, i) => task(`t${i}`)), start_task: 't0' }),
    status: 400,
    field: 'tasks',
  },
  { name: 'flow name of 1,000 characters', json: flow({ name: 'n'.repeat(1000) }), status: 400, field: 'name' },
  {
    name: 'task name of 1,000 characters',
    json: flow({ tasks: [task('t'.repeat(1000))] }),
    status: 400,
    field: 'tasks[0].name',
  },
  {
    name: 'input nested 10,000 levels',
    raw: `{"flow":${JSON.stringify(flow())},"input":${nestedText(10_000)}}`,
    status: 400,
    field: 'input',
  },
  {
    name: 'parameters nested 100 levels',
    raw: JSON.stringify(withParams('noop', {})).replace('"parameters":{}', `"parameters":${nestedText(100)}`),
    status: 400,
    field: 'tasks[0].parameters',
  },
  { name: 'max_steps 0', json: flow({ max_steps: 0 }), status: 400, field: 'max_steps' },
  { name: 'max_steps 25001', json: flow({ max_steps: 25_001 }), status: 400, field: 'max_steps' },
  {
    name: 'failure_rate 2',
    json: withParams('fetch_data', { failure_rate: 2 }),
    status: 400,
    field: 'tasks[0].parameters.failure_rate',
  },
  {
    name: 'failure_rate -1',
    json: withParams('print', { failure_rate: -1 }),
    status: 400,
    field: 'tasks[0].parameters.failure_rate',
  },
  {
    name: 'wait seconds beyond a year',
    json: withParams('wait', { seconds: 40_000_000 }),
    status: 400,
    field: 'tasks[0].parameters.seconds',
  },
  {
    name: 'wait seconds and timestamp',
    json: withParams('wait', { seconds: 1, timestamp: '2030-01-01T00:00:00Z' }),
    status: 400,
    field: 'tasks[0].parameters.timestamp',
  },
  {
    name: 'retry States.ALL not alone',
    json: flow({ tasks: [task('a', { retry: [{ error_equals: ['States.ALL', 'X'] }] })] }),
    status: 400,
    field: 'tasks[0].retry[0].error_equals',
  },
  {
    name: 'expression syntax error',
    json: flow({ tasks: [task('a', { output: '{% $states.( %}' })] }),
    status: 400,
    field: 'tasks[0].output',
  },
  {
    name: 'choice without expression',
    json: flow({ conditions: [{ name: 'c', source_task: 'a', choices: [{ condition: 'yes', next: 'end' }] }] }),
    status: 400,
    field: 'conditions[0].choices[0].condition',
  },
  {
    name: 'delay_ms too long',
    json: withParams('process_data', { delay_ms: 999_999 }),
    status: 400,
    field: 'tasks[0].parameters.delay_ms',
  },
  {
    name: 'timeout_seconds 0',
    json: flow({ tasks: [task('a', { timeout_seconds: 0 })] }),
    status: 400,
    field: 'tasks[0].timeout_seconds',
  },
  {
    name: 'timeout_seconds 1,000',
    json: flow({ tasks: [task('a', { timeout_seconds: 1000 })] }),
    status: 400,
    field: 'tasks[0].timeout_seconds',
  },
  // Keys that mean something to JavaScript
  {
    name: '__proto__ in parameters',
    raw: '{"id":"c","name":"c","start_task":"a","conditions":[],"tasks":[{"name":"a","task_type":"noop","parameters":{"__proto__":{"x":1}}}]}',
    status: 400,
    field: 'tasks[0].parameters.__proto__',
  },
  {
    name: 'constructor in parameters',
    json: withParams('noop', { constructor: { name: 'x' } }),
    status: 400,
    field: 'tasks[0].parameters.constructor',
  },
  {
    name: 'prototype in parameters',
    json: withParams('noop', { prototype: {} }),
    status: 400,
    field: 'tasks[0].parameters.prototype',
  },
  {
    name: '__proto__ in input',
    raw: `{"flow":${JSON.stringify(flow())},"input":{"__proto__":{"admin":true}}}`,
    status: 400,
    field: 'input.__proto__',
  },
  {
    name: 'constructor deep in input',
    json: { ...flow(), input: { a: [{ constructor: { prototype: 1 } }] } },
    status: 400,
    field: 'input.a[0].constructor',
  },
  { name: 'prototype in input', json: { ...flow(), input: { prototype: 1 } }, status: 400, field: 'input.prototype' },
  // task_type values that must never reach a file path or an inherited member
  {
    name: 'task_type path traversal',
    json: flow({ tasks: [{ name: 'a', task_type: '../../etc/passwd' }] }),
    status: 400,
    field: 'tasks[0].task_type',
  },
  {
    name: 'task_type constructor',
    json: flow({ tasks: [{ name: 'a', task_type: 'constructor' }] }),
    status: 400,
    field: 'tasks[0].task_type',
  },
  {
    name: 'task_type __proto__',
    json: flow({ tasks: [{ name: 'a', task_type: '__proto__' }] }),
    status: 400,
    field: 'tasks[0].task_type',
  },
  {
    name: 'task_type toString',
    json: flow({ tasks: [{ name: 'a', task_type: 'toString' }] }),
    status: 400,
    field: 'tasks[0].task_type',
  },
  {
    name: 'unresolvable task',
    json: flow({ tasks: [{ name: 'mystery', description: 'Do magic' }], start_task: 'mystery' }),
    status: 400,
    field: 'tasks[0].task_type',
  },
  // References between tasks and conditions
  { name: 'start_task names no task', json: flow({ start_task: 'zzz' }), status: 400, field: 'start_task' },
  {
    name: 'condition source unknown',
    json: flow({ conditions: [cond({ source_task: 'ghost' })] }),
    status: 400,
    field: 'conditions[0].source_task',
  },
  {
    name: 'condition target unknown',
    json: flow({ conditions: [cond({ target_task_failure: 'nowhere' })] }),
    status: 400,
    field: 'conditions[0].target_task_failure',
  },
  { name: 'duplicate task names', json: flow({ tasks: [task('a'), task('a')] }), status: 400, field: 'tasks[1].name' },
  {
    name: 'two conditions for one task',
    json: flow({ conditions: [cond(), cond({ name: 'c2' })] }),
    status: 400,
    field: 'conditions[1].source_task',
  },
  { name: 'empty task name', json: flow({ tasks: [task('')] }), status: 400, field: 'tasks[0].name' },
  { name: 'no tasks', json: flow({ tasks: [] }), status: 400, field: 'tasks' },
  // Execution ids in paths and bodies
  {
    name: 'unknown execution',
    method: 'GET',
    path: '/api/v1/flows/executions/00000000-0000-4000-8000-000000000000',
    status: 404,
    code: 'not_found',
  },
  {
    name: 'very long execution id',
    method: 'GET',
    path: `/api/v1/flows/executions/${'a'.repeat(2000)}`,
    status: 400,
    field: 'path.execution_id',
  },
  {
    name: "execution id with '#'",
    method: 'GET',
    path: '/api/v1/flows/executions/EXEC%23abc',
    status: 400,
    field: 'path.execution_id',
  },
  { name: "execution id with '/'", method: 'GET', path: '/flow/a%2Fb/status', status: 400, field: 'path.execution_id' },
  {
    name: 'execution id with spaces',
    method: 'GET',
    path: '/flow/a%20b/status',
    status: 400,
    field: 'path.execution_id',
  },
  {
    name: 'delete with a malformed id',
    method: 'DELETE',
    path: '/flow/STEP%2300001',
    status: 400,
    field: 'path.execution_id',
  },
  {
    name: 'delete an unknown execution',
    method: 'DELETE',
    path: '/flow/00000000-0000-4000-8000-000000000000',
    status: 404,
  },
  {
    name: 'execute: id is a number',
    path: '/flow/execute',
    json: { execution_id: 5 },
    status: 400,
    field: 'execution_id',
  },
  {
    name: 'execute: id too long',
    path: '/flow/execute',
    json: { execution_id: 'x'.repeat(500) },
    status: 400,
    code: 'invalid_execution_id',
    field: 'execution_id',
  },
  {
    name: "execute: id with '#'",
    path: '/flow/execute',
    json: { execution_id: 'EXEC#abc' },
    status: 400,
    code: 'invalid_execution_id',
    field: 'execution_id',
  },
  {
    name: "execute: id with '/'",
    path: '/flow/execute',
    json: { execution_id: '../etc' },
    status: 400,
    code: 'invalid_execution_id',
    field: 'execution_id',
  },
  {
    name: 'execute: id with spaces',
    path: '/flow/execute',
    json: { execution_id: 'a b' },
    status: 400,
    code: 'invalid_execution_id',
    field: 'execution_id',
  },
  {
    name: 'execute: empty id',
    path: '/flow/execute',
    json: { execution_id: '' },
    status: 400,
    code: 'invalid_execution_id',
    field: 'execution_id',
  },
  { name: 'execute: id missing', path: '/flow/execute', json: {}, status: 400, field: 'execution_id' },
  {
    name: 'execute: unknown field',
    path: '/flow/execute',
    json: { execution_id: 'abc', force: true },
    status: 400,
    field: 'force',
  },
  {
    name: 'execute: unknown execution',
    path: '/flow/execute',
    json: { execution_id: 'no-such-execution' },
    status: 404,
    code: 'not_found',
  },
  // Execution names
  { name: 'execution name empty', json: { flow: flow(), name: '' }, status: 400, field: 'name' },
  { name: 'execution name with a newline', json: { flow: flow(), name: 'a\nb' }, status: 400, field: 'name' },
  { name: 'execution name too long', json: { flow: flow(), name: 'n'.repeat(129) }, status: 400, field: 'name' },
  { name: 'execution name a number', json: { flow: flow(), name: 42 }, status: 400, field: 'name' },
  {
    name: 'Idempotency-Key too long',
    json: flow(),
    headers: { 'Idempotency-Key': 'k'.repeat(129) },
    status: 400,
    field: 'headers.idempotency-key',
  },
  {
    name: 'name and Idempotency-Key differ',
    json: { flow: flow(), name: 'a' },
    headers: { 'Idempotency-Key': 'b' },
    status: 400,
    code: 'name_mismatch',
    field: 'headers.idempotency-key',
  },
  // Query parameters
  {
    name: 'started_after not a time',
    method: 'GET',
    path: '/api/v1/flows/executions?started_after=soon',
    status: 400,
    field: 'query.started_after',
  },
  {
    name: 'started_before impossible date',
    method: 'GET',
    path: '/api/v1/flows/executions?started_before=2026-02-30',
    status: 400,
    field: 'query.started_before',
  },
  {
    name: 'started_after later than started_before',
    method: 'GET',
    path: '/api/v1/flows/executions?started_after=2026-02-01&started_before=2026-01-01',
    status: 400,
    field: 'query.started_after',
  },
  {
    name: 'name_prefix empty',
    method: 'GET',
    path: '/api/v1/flows/executions?name_prefix=',
    status: 400,
    field: 'query.name_prefix',
  },
  {
    name: 'name_prefix with a control character',
    method: 'GET',
    path: '/api/v1/flows/executions?name_prefix=a%07',
    status: 400,
    field: 'query.name_prefix',
  },
  { name: 'limit 0', method: 'GET', path: '/api/v1/flows/executions?limit=0', status: 400, field: 'query.limit' },
  { name: 'limit 101', method: 'GET', path: '/api/v1/flows/executions?limit=101', status: 400, field: 'query.limit' },
  { name: 'limit abc', method: 'GET', path: '/api/v1/flows/executions?limit=abc', status: 400, field: 'query.limit' },
  { name: 'limit 2.5', method: 'GET', path: '/api/v1/flows/executions?limit=2.5', status: 400, field: 'query.limit' },
  {
    name: 'next_token garbage',
    method: 'GET',
    path: '/api/v1/flows/executions?next_token=%25%25%25',
    status: 400,
    code: 'invalid_next_token',
    field: 'query.next_token',
  },
  {
    name: 'next_token forged',
    method: 'GET',
    path: `/api/v1/flows/executions?next_token=${Buffer.from('{"i":"by_created","p":"EXECUTIONS","k":{"pk":"x","evil":"y"}}').toString('base64url')}`,
    status: 400,
    code: 'invalid_next_token',
  },
  {
    name: 'status unknown',
    method: 'GET',
    path: '/api/v1/flows/executions?status=DONE',
    status: 400,
    field: 'query.status',
  },
  {
    name: 'unknown query parameter',
    method: 'GET',
    path: '/api/v1/flows/executions?limt=5',
    status: 400,
    field: 'query.limt',
  },
  {
    name: 'wait_seconds 21',
    path: `${EXECUTE}?wait_seconds=21`,
    json: flow(),
    status: 400,
    field: 'query.wait_seconds',
  },
  {
    name: 'wait_seconds -1',
    method: 'GET',
    path: '/flow/abc/status?wait_seconds=-1',
    status: 400,
    field: 'query.wait_seconds',
  },
  {
    name: 'wait_seconds abc',
    method: 'GET',
    path: '/api/v1/flows/executions/abc?wait_seconds=abc',
    status: 400,
    field: 'query.wait_seconds',
  },
  // Saved flows: a save, a start or a read that is refused writes nothing
  {
    name: 'save: invalid flow',
    method: 'PUT',
    path: SAVED,
    json: flow({ start_task: 'nowhere' }),
    status: 400,
    code: 'validation_error',
    field: 'start_task',
  },
  {
    name: 'save: id other than the path',
    method: 'PUT',
    path: SAVED,
    json: flow({ id: 'elsewhere' }),
    status: 400,
    field: 'id',
  },
  {
    name: 'save: wrapped id other than the path',
    method: 'PUT',
    path: SAVED,
    json: { flow: flow({ id: 'elsewhere' }) },
    status: 400,
    field: 'flow.id',
  },
  // An input is kept as the saved flow's default input: it must be one.
  {
    name: 'save: an input that is not an object',
    method: 'PUT',
    path: SAVED,
    json: { flow: flow({ id: 'corpus' }), input: 'x' },
    status: 400,
    field: 'input',
  },
  { name: 'save: not JSON', method: 'PUT', path: SAVED, raw: '{"id": ', status: 400, code: 'invalid_json' },
  {
    name: 'save: reserved id',
    method: 'PUT',
    path: '/api/v1/flows/graph',
    json: flow({ id: 'graph' }),
    status: 400,
    code: 'invalid_flow_id',
    field: 'path.flow_id',
  },
  {
    name: 'save: reserved id of a fixed route',
    method: 'PUT',
    path: '/api/v1/flows/executions',
    json: flow({ id: 'executions' }),
    status: 400,
    code: 'invalid_flow_id',
    field: 'path.flow_id',
  },
  {
    name: 'save: id with a control character',
    method: 'PUT',
    path: '/api/v1/flows/a%07b',
    json: flow(),
    status: 400,
    code: 'invalid_flow_id',
    field: 'path.flow_id',
  },
  { name: 'start: version 0', path: `${SAVED}/executions`, json: { version: 0 }, status: 400, field: 'version' },
  {
    name: 'start: input not an object',
    path: `${SAVED}/executions`,
    json: { input: 'x' },
    status: 400,
    field: 'input',
  },
  { name: 'start: unknown field', path: `${SAVED}/executions`, json: { flow: flow() }, status: 400, field: 'flow' },
  {
    name: 'start: input of 100 KB',
    path: `${SAVED}/executions`,
    json: { input: { blob: 'x'.repeat(100 * 1024) } },
    status: 413,
    field: 'input',
  },
  { name: 'start: unknown flow', path: `${SAVED}/executions`, json: {}, status: 404, code: 'not_found' },
  { name: 'show: unknown flow', method: 'GET', path: SAVED, status: 404, code: 'not_found' },
  { name: 'show: version 0', method: 'GET', path: `${SAVED}?version=0`, status: 400, field: 'query.version' },
  {
    name: 'show: forged next_token',
    method: 'GET',
    path: `${SAVED}?next_token=bm9wZQ`,
    status: 400,
    code: 'invalid_next_token',
  },
  { name: 'list flows: limit 101', method: 'GET', path: '/api/v1/flows?limit=101', status: 400, field: 'query.limit' },
  // Methods
  { name: 'GET on execute', method: 'GET', path: EXECUTE, status: 405, code: 'method_not_allowed' },
  { name: 'DELETE on a saved flow', method: 'DELETE', path: SAVED, status: 405, code: 'method_not_allowed' },
  { name: 'PUT on /flow/create', method: 'PUT', path: '/flow/create', json: flow(), status: 405 },
  { name: 'DELETE on the list', method: 'DELETE', path: '/api/v1/flows/executions', status: 405 },
  { name: 'POST on /health', method: 'POST', path: '/health', json: {}, status: 405 },
  { name: 'PATCH on a status', method: 'PATCH', path: '/flow/abc/status', json: {}, status: 405 },
  { name: 'unknown route', method: 'GET', path: '/api/v2/flows', status: 404, code: 'not_found' },
];

let stack: Awaited<ReturnType<typeof startIsolatedStack>>;
let itemsBefore: number;

beforeAll(async () => {
  stack = await startIsolatedStack('corpus');
  itemsBefore = await tableItemCount(stack.tableName);
}, 180_000);

afterAll(async () => {
  await stack?.stop();
});

describe('bad input corpus', () => {
  it('has at least 60 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(60);
  });

  it.each(cases.map((c) => [c.name, c] as const))(
    '%s',
    async (_name, c) => {
      const method = c.method ?? 'POST';
      const headers = c.headers ?? (c.raw !== undefined ? { 'content-type': 'application/json' } : undefined);
      const res = await api(method, c.path ?? EXECUTE, { json: c.json, raw: c.raw, headers, baseUrl: stack.apiUrl });
      expect(res.status).toBe(c.status);
      expect(res.headers.get('content-type')).toMatch(/application\/json/);
      expect(res.body).toEqual({
        error: expect.objectContaining({ code: expect.any(String), message: expect.any(String) }),
      });
      if (c.code) expect(res.body.error.code).toBe(c.code);
      if (c.field) {
        const paths: string[] = (res.body.error.details ?? []).map((d: { path: string }) => d.path);
        if (typeof c.field === 'string') expect(paths).toContain(c.field);
        else expect(paths.some((p) => (c.field as RegExp).test(p))).toBe(true);
      }
      // The first request to each function of a fresh stack pays its cold start; on a loaded machine that can take seconds.
    },
    20_000,
  );

  it('wrote nothing, and still serves a good request', async () => {
    expect(await tableItemCount(stack.tableName)).toBe(itemsBefore);
    const res = await api('POST', `${EXECUTE}?wait_seconds=15`, { json: flow(), baseUrl: stack.apiUrl });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('SUCCEEDED');
    expect(await tableItemCount(stack.tableName)).toBeGreaterThan(itemsBefore);
  });
});
