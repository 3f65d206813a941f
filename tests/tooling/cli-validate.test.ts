import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import validateAsl from 'asl-validator';
import { FLOWS_DIR, jsonFile, runCliOffline } from '../support/cli';
import { runCliInProcess } from '../support/cli-in-process';
import { bareFlow } from '../support/validation-problems';

/** `flow validate` runs the API's own reading and validation locally: no server, no API key. */
describe('flow validate', () => {
  it('accepts every sample flow, exit 0', async () => {
    // The executable once; the other samples through its command runner in this process (the same output and exit code).
    expect(await runCliOffline(['validate', path.join(FLOWS_DIR, 'classic-pipeline.json')])).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/: valid \(flow '[^']+', \d+ task\(s\)\)\n$/),
    });
    for (const sample of ['classic-pipeline.json', 'order-flow.json', 'print-and-wait.json', 'invoke-lambda.json']) {
      const result = await runCliInProcess(['validate', path.join(FLOWS_DIR, sample)]);
      expect(result).toMatchObject({ code: 0, stderr: '' });
      expect(result.stdout).toMatch(/: valid \(flow '[^']+', \d+ task\(s\)\)\n$/);
    }
  });

  it('prints the warnings of a valid flow, each with its path, and still exits 0', async () => {
    const file = jsonFile(
      'unreachable.json',
      bareFlow({
        conditions: [
          { name: 'c', source_task: 'a', outcome: 'success', target_task_success: 'end', target_task_failure: 'end' },
        ],
      }),
    );
    const result = await runCliOffline(['validate', file]);
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n')).toContain("warning: tasks[1]: task 'b' is unreachable from start_task 'a'");
  });

  it('prints every problem with its path, one per line, exit 1', async () => {
    const file = jsonFile('invalid.json', {
      flow: {
        ...bareFlow({ start_task: 'nowhere' }),
        tasks: [
          { name: 'a', task_type: 'print', parameters: { message: 1 } },
          { name: 'b', task_type: 'mystery' },
        ],
      },
    });
    const result = await runCliOffline(['validate', file]);
    expect(result.code).toBe(1);
    expect(result.stdout.trimEnd().split('\n')).toEqual([
      `${file}: flow is invalid: 3 problem(s)`,
      "error: flow.start_task: start_task 'nowhere' names no task",
      'error: flow.tasks[0].parameters.message: message must be a string',
      expect.stringMatching(
        /^error: flow\.tasks\[1]\.task_type: unknown task_type 'mystery'; registered types: .*noop/,
      ),
    ]);
  });

  it('refuses a file that is not JSON, or repeats a key, as the API does', async () => {
    const notJson = await runCliOffline(['validate', jsonFile('broken.json', '{ "id": ')]);
    expect(notJson.code).toBe(1);
    expect(notJson.stdout).toContain('error: body: must be valid JSON');

    const repeated = await runCliOffline([
      'validate',
      jsonFile('repeated.json', '{ "flow": { "id": "a", "tasks": [ { "name": "x", "name": "y" } ] } }'),
    ]);
    expect(repeated.code).toBe(1);
    expect(repeated.stdout).toContain("error: flow.tasks[0].name: duplicate key 'name'");
  });

  it('gives a report as JSON with --json', async () => {
    const result = await runCliOffline(['validate', '--json', jsonFile('f.json', bareFlow({ start_task: 'x' }))]);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({
      valid: false,
      code: 'validation_error',
      errors: [{ path: 'start_task', message: "start_task 'x' names no task" }],
      warnings: [],
    });
  });

  it('exits 1 naming a file it cannot read, and 2 for a usage error', async () => {
    const missing = await runCliOffline(['validate', '/nonexistent/flow.json']);
    expect(missing).toMatchObject({ code: 1, stderr: 'error: cannot read /nonexistent/flow.json: ENOENT\n' });
    const usage = await runCliOffline(['validate']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("error: missing required argument 'file'");
  });
});

describe('flow validate of a state machine', () => {
  it('accepts each state machine sample, which asl-validator accepts once its flow: resources are ARNs', async () => {
    const samples = readdirSync(FLOWS_DIR).filter((file) => file.endsWith('.asl.json'));
    expect(samples).toContain('order-jsonpath.asl.json');
    for (const sample of samples) {
      const file = path.join(FLOWS_DIR, sample);
      const result = await runCliInProcess(['validate', file]);
      expect(result).toMatchObject({ code: 0, stderr: '' });
      expect(result.stdout).toMatch(/: valid state machine \((JSONPath|JSONata)\): \d+ state\(s\) -> \d+ task\(s\)/);
      // Step Functions' schema takes ARNs as resources: ours name a task type instead.
      const asArns = readFileSync(file, 'utf8').replace(
        /"flow:([a-z_]+)"/g,
        '"arn:aws:lambda:us-east-1:123456789012:function:$1"',
      );
      // A sample may be wrapped, as a request is (`{ asl, input, substitutions }`): the definition is its `asl`.
      const document = JSON.parse(asArns) as { asl?: unknown };
      const { isValid, errors } = validateAsl(document.asl ?? document);
      expect({ sample, isValid, errors }).toEqual({ sample, isValid: true, errors: [] });
    }
  });

  it('checks a state machine file offline, bare as `flow export` writes it or wrapped as { asl, input }', async () => {
    const exported = await runCliOffline(['export', path.join(FLOWS_DIR, 'order-flow.json')]);
    const bare = jsonFile('order.asl.json', exported.stdout);
    const result = await runCliOffline(['validate', bare]);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(
      /order\.asl\.json: valid state machine \(JSONata\): \d+ state\(s\) -> \d+ task\(s\) of flow 'asl-[0-9a-f]{12}'\n/,
    );
    const wrapped = jsonFile('order-wrapped.asl.json', {
      asl: JSON.parse(exported.stdout),
      input: { order_id: 'A-1', amount: 1 },
    });
    expect(await runCliOffline(['validate', '--json', wrapped])).toMatchObject({
      code: 0,
      stdout: expect.stringContaining('"valid": true'),
    });
  });

  it('names every problem of a state machine by its path in the definition, exit 1', async () => {
    const file = jsonFile('broken.asl.json', {
      QueryLanguage: 'JSONata',
      StartAt: 'Fan',
      States: { Fan: { Type: 'Map', ItemProcessor: {}, Next: 'Wait' }, Wait: { Type: 'Wait', Seconds: -1, End: true } },
    });
    const result = await runCliOffline(['validate', '--json', file]);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({ valid: false, code: 'validation_error' });
    expect(report.errors.map((e: { path: string }) => e.path)).toEqual(['asl.States.Fan.ItemProcessor.States']);
  });
});

/** `flow export` translates locally with the API's own code: no server, no API key. */
describe('flow export', () => {
  it('prints a state machine that asl-validator accepts, exit 0', async () => {
    const result = await runCliOffline(['export', path.join(FLOWS_DIR, 'order-flow.json')]);
    expect(result.code).toBe(0);
    const asl = JSON.parse(result.stdout);
    expect(asl).toMatchObject({ QueryLanguage: 'JSONata', StartAt: 'validate' });
    const { isValid, errors } = validateAsl(asl);
    expect({ isValid, errors }).toEqual({ isValid: true, errors: [] });
  });

  it('refuses an invalid flow with every problem and its path, exit 1', async () => {
    const file = jsonFile('invalid-export.json', { flow: { ...bareFlow({ start_task: 'nowhere' }) } });
    const result = await runCliOffline(['export', file]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/flow\.start_task/);
  });
});
