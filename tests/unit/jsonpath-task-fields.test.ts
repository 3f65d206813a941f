import { AslNotExpressibleError } from '../../src/asl/asl-errors';
import { flowToAsl } from '../../src/asl/export';
import type { ErrorDetail } from '../../src/domain/errors';
import { ValidationError } from '../../src/domain/errors';
import { writtenDefinition } from '../../src/domain/flow/written-definition';
import { parseFlowRequest } from '../../src/flow-requests/flow-validation';
import { defaultRegistry } from '../../src/tasks/default-registry';
import { EngineDriver } from '../support/engine-driver';

/**
 * A task's `jsonpath` fields (docs/decisions/0027-jsonpath-mode-as-task-fields.md): Amazon States
 * Language's InputPath, Parameters, ResultSelector, ResultPath and OutputPath on a native task,
 * checked at submission and evaluated by the step as Step Functions processes a Task state's data.
 */

const registry = defaultRegistry();
const flowWith = (tasks: Array<Record<string, unknown>>, conditions: unknown[] = []) => ({
  flow: { id: 'jsonpath-fields', name: 'JSONPath fields', start_task: tasks[0]!.name, tasks, conditions },
});
const then = (source: string, target: string) => ({
  name: `${source}_then`,
  source_task: source,
  outcome: 'success',
  target_task_success: target,
  target_task_failure: 'fail',
});

function problems(body: unknown): ErrorDetail[] {
  try {
    parseFlowRequest(body, registry);
    return [];
  } catch (error) {
    if (error instanceof ValidationError) return error.details ?? [];
    throw error;
  }
}

describe('jsonpath fields at submission', () => {
  const print = (jsonpath: unknown, extra: Record<string, unknown> = {}) =>
    flowWith([{ name: 'say', task_type: 'print', jsonpath, ...extra }]);

  it('accepts paths, payload templates with paths, context paths and intrinsic functions', () => {
    const body = print({
      input_path: '$.order',
      parameters: { 'message.$': "States.Format('order {}', $.id)", copies: 2, 'run.$': '$$.Execution.Id' },
      result_selector: { 'said.$': '$.message' },
      result_path: '$.print.result',
      output_path: '$.print',
    });
    expect(problems(body)).toEqual([]);
    // A stored definition shows the fields as written, and validates back to the same definition.
    const { flow } = parseFlowRequest(body, registry);
    expect(flow.tasks[0]!.jsonpath).toEqual(body.flow.tasks[0]!.jsonpath);
    expect(parseFlowRequest({ flow: writtenDefinition(flow) }, registry).flow).toEqual(flow);
    expect(problems(print({ input_path: null, result_path: null, output_path: null }))).toEqual([]);
  });

  it('names each problem by its path', () => {
    expect(
      problems(
        print(
          {
            input_path: '$.a[',
            result_path: '$.items[*]',
            parameters: { 'n.$': 5, 'f.$': "States.Format('{}'", 'w.$': 'hello' },
          },
          { arguments: { message: 'x' } },
        ),
      ),
    ).toEqual(
      expect.arrayContaining([
        { path: 'flow.tasks[0].arguments', message: expect.stringContaining('give arguments (JSONata) or jsonpath') },
        { path: 'flow.tasks[0].jsonpath.input_path', message: expect.stringContaining('$.a[') },
        { path: 'flow.tasks[0].jsonpath.result_path', message: expect.stringContaining('reference path') },
        { path: 'flow.tasks[0].jsonpath.parameters.n.$', message: expect.stringContaining('must be a path') },
        { path: 'flow.tasks[0].jsonpath.parameters.f.$', message: expect.any(String) },
        {
          path: 'flow.tasks[0].jsonpath.parameters.w.$',
          message: expect.stringContaining("intrinsic function ('States.…')"),
        },
      ]),
    );
    expect(problems(print({ parameters: { 'message.$': '$.m' } }, { parameters: { message: 'x' } }))).toEqual([
      {
        path: 'flow.tasks[0].parameters',
        message: 'give parameters or jsonpath.parameters, not both (jsonpath.parameters replace parameters)',
      },
    ]);
    expect(problems(print({ input_path: 7 }))).toEqual([
      { path: 'flow.tasks[0].jsonpath.input_path', message: 'input_path must be a JSONPath string or null' },
    ]);
    // A wait reads its time through its paths; the other tasks return their own results.
    expect(
      problems(
        flowWith([
          { name: 'nap', task_type: 'wait', parameters: { seconds: 1 }, jsonpath: { seconds_path: '$.s' } },
          { name: 'say', task_type: 'print', jsonpath: { result: 1, timestamp_path: '$.t' } },
          { name: 'nap2', task_type: 'wait', jsonpath: { parameters: {}, seconds_path: 'oops' } },
        ]),
      ).map((d) => d.path),
    ).toEqual([
      'flow.tasks[0].jsonpath.seconds_path',
      'flow.tasks[1].jsonpath.result',
      'flow.tasks[1].jsonpath.timestamp_path',
      'flow.tasks[2].jsonpath.parameters',
      'flow.tasks[2].jsonpath.seconds_path',
    ]);
  });

  it('is not exported to a JSONata-mode state machine yet, which the refusal says', () => {
    const { flow } = parseFlowRequest(print({ output_path: '$.message' }), registry);
    expect(() => flowToAsl(flow)).toThrow(AslNotExpressibleError);
    expect(() => flowToAsl(flow)).toThrow(/flow\.tasks\[0\]\.jsonpath: the export writes JSONata mode/);
  });
});

describe('jsonpath fields when the task runs', () => {
  async function run(
    tasks: Array<Record<string, unknown>>,
    input: Record<string, unknown>,
    conditions: unknown[] = [],
  ) {
    const d = new EngineDriver();
    const id = await d.start(flowWith(tasks, conditions).flow, input);
    await d.drain();
    return d.execution(id);
  }

  it('takes its parameters through input_path and the template, and places its selected result in its input', async () => {
    const execution = await run(
      [
        {
          name: 'say',
          task_type: 'print',
          jsonpath: {
            input_path: '$.order',
            parameters: { 'message.$': "States.Format('order {} of {}', $.id, $$.Execution.Input.customer)" },
            result_selector: {
              'said.$': '$.message',
              'length.$': "States.ArrayLength(States.StringSplit($.message, ' '))",
            },
            result_path: '$.print',
          },
        },
      ],
      { order: { id: 'A-1' }, customer: 'Ada' },
    );
    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.state.data).toEqual({
      order: { id: 'A-1' },
      customer: 'Ada',
      print: { said: 'order A-1 of Ada', length: 4 },
    });
  });

  it('hands on its input unchanged with result_path null, and {} with output_path null, as Step Functions does', async () => {
    const kept = await run([{ name: 'a', task_type: 'noop', jsonpath: { result_path: null } }], { keep: true });
    expect(kept.state.data).toEqual({ keep: true });
    const emptied = await run([{ name: 'a', task_type: 'noop', jsonpath: { output_path: null } }], { keep: true });
    expect(emptied.state.data).toEqual({});
  });

  it('fails the execution with States.Runtime on a path that selects nothing: as in Step Functions, no catcher or retrier takes it', async () => {
    const execution = await run(
      [
        {
          name: 'say',
          task_type: 'print',
          jsonpath: { parameters: { 'message.$': '$.missing' } },
          retry: [{ error_equals: ['States.ALL'], max_attempts: 2 }],
          catch: [
            { error_equals: ['States.Runtime'], next: 'after' },
            { error_equals: ['States.ALL'], next: 'after' },
          ],
        },
        { name: 'after', task_type: 'noop', output: '{% $states.input %}' },
      ],
      { present: 1 },
    );
    expect(execution).toMatchObject({ status: 'FAILED', reason: 'States.Runtime' });
    expect(execution.error).toContain('$.missing');
  });

  it('hands a caught States.IntrinsicFailure on as { error, cause }, or at the catcher’s result_path', async () => {
    const failing = (catcher: Record<string, unknown>) =>
      run(
        [
          {
            name: 'pick',
            task_type: 'print',
            jsonpath: { parameters: { 'message.$': 'States.ArrayGetItem($.list, 9)' } },
            catch: [{ error_equals: ['States.ALL'], next: 'after', ...catcher }],
          },
          { name: 'after', task_type: 'noop', output: '{% $states.input %}' },
        ],
        { list: [1, 2] },
      );
    expect((await failing({})).state.data).toMatchObject({ error: 'States.IntrinsicFailure' });
    expect((await failing({ result_path: '$.failure' })).state.data).toEqual({
      list: [1, 2],
      failure: { Error: 'States.IntrinsicFailure', Cause: expect.stringContaining('ArrayGetItem') },
    });
  });

  it('fails with States.IntrinsicFailure on an intrinsic function’s bad argument', async () => {
    const execution = await run(
      [{ name: 'pick', task_type: 'noop', jsonpath: { parameters: { 'x.$': 'States.ArrayGetItem($.list, 9)' } } }],
      { list: [1, 2] },
    );
    expect(execution).toMatchObject({ status: 'FAILED', reason: 'States.IntrinsicFailure' });
  });

  it('lets the next task read what it handed on', async () => {
    const execution = await run(
      [
        {
          name: 'first',
          task_type: 'print',
          jsonpath: {
            parameters: { 'message.$': "States.Format('n is {}', $.n)" },
            result_selector: { 'v.$': '$.message' },
            result_path: '$.picked',
          },
        },
        // The default result_path ($) would replace the input with the noop's result: null keeps it.
        { name: 'second', task_type: 'noop', jsonpath: { result_path: null, output_path: '$.picked.v' } },
      ],
      { n: 42 },
      [then('first', 'second')],
    );
    expect(execution).toMatchObject({ status: 'SUCCEEDED', state: { data: 'n is 42' } });
  });
});
