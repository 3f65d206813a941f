import { randomUUID } from 'node:crypto';
import { api } from '../support/http';
import { eventually, jsonFile, runCli, startCli } from '../support/cli';

/**
 * The client's commands for routes and fields added to the API beside it: stop and redrive
 * (POST …/executions/{id}/stop with an optional { error, cause }, POST …/executions/{id}/redrive,
 * both answering 200 with the execution view, 409 `{ error: { code, message } }` when refused),
 * the execution `name` of an idempotent start, and the list filters name_prefix, started_after
 * and started_before.
 */

const STARTED = /^started execution ([A-Za-z0-9_-]+)$/m;
const stepLines = (stdout: string) => stdout.split('\n').filter((line) => /^\s+\d+ {2}/.test(line));

describe('flow stop', () => {
  it('stops an execution that waits: it ends ABORTED, and `flow run` following it exits 12', async () => {
    // FLOW_TIME_SCALE=3600 in the test stack: this wait lasts 10 s, unless stopped.
    const file = jsonFile('waits.json', {
      id: 'cli-stop',
      name: 'Waits',
      start_task: 'start',
      tasks: [
        { name: 'start', task_type: 'print', parameters: { message: 'Starting' } },
        { name: 'pause', task_type: 'wait', parameters: { seconds: 10 * 3600 } },
        { name: 'after', task_type: 'print', parameters: { message: 'Done' } },
      ],
      conditions: [],
    });
    const run = startCli(['run', file, '--poll-interval', '100']);
    try {
      await eventually(() => /^ {2}1 {2}start +SUCCEEDED/m.test(run.output.stdout), 10_000, 'the first step');
      const executionId = STARTED.exec(run.output.stdout)![1]!;

      const stop = await runCli(['stop', executionId, '--error', 'Operator', '--cause', 'stopped by the test']);
      expect(stop.stderr).toBe('');
      expect(stop.code).toBe(0);
      expect(stop.stdout).toMatch(new RegExp(`^ABORTED.*execution ${executionId}\\)\\n$`));

      const followed = await run.done;
      expect(followed.code).toBe(12);
      expect(followed.stdout.trimEnd().split('\n').at(-1)).toMatch(/^ABORTED/);
      expect(stepLines(followed.stdout).join('\n')).not.toMatch(/after/);
      const status = await runCli(['status', executionId, '--json']);
      expect(JSON.parse(status.stdout)).toMatchObject({ status: 'ABORTED' });
    } finally {
      if (run.child.exitCode === null) run.child.kill();
    }
  });
});

describe('flow redrive', () => {
  const flakyFlow = () =>
    jsonFile('flaky.json', {
      id: `cli-redrive-${randomUUID()}`,
      name: 'Fails once',
      start_task: 'prepare',
      tasks: [
        { name: 'prepare', task_type: 'noop' },
        { name: 'charge', task_type: 'flaky', parameters: { fail_attempts: 1 } },
        { name: 'ship', task_type: 'noop' },
      ],
      conditions: [],
    });

  it('resumes a failed execution from its failed step; --follow shows the new steps and exits 0', async () => {
    const failed = await runCli(['run', flakyFlow()]);
    expect(failed.code).toBe(10);
    const executionId = STARTED.exec(failed.stdout)![1]!;

    const redriven = await runCli(['redrive', executionId, '--follow', '--poll-interval', '100']);
    expect(redriven.stderr).toBe('');
    expect(redriven.code).toBe(0);
    expect(stepLines(redriven.stdout).map((line) => line.trim().split(/ +/).slice(1, 3).join(' '))).toEqual([
      'charge SUCCEEDED',
      'ship SUCCEEDED',
    ]);
    expect(redriven.stdout.trimEnd().split('\n').at(-1)).toMatch(/^SUCCEEDED/);
  });

  it('without --follow, answers with the execution running again', async () => {
    const failed = await runCli(['run', flakyFlow()]);
    const executionId = STARTED.exec(failed.stdout)![1]!;
    const redriven = await runCli(['redrive', executionId]);
    expect(redriven.code).toBe(0);
    expect(redriven.stdout).toMatch(new RegExp(`^redriven: execution ${executionId} is (RUNNING|SUCCEEDED)`));
    const status = await runCli(['status', executionId, '--wait', '15']);
    expect(status.stdout).toMatch(/^status: +SUCCEEDED$/m);
  });

  it('reports a refused redrive (409) plainly, exit 1', async () => {
    const done = await api('POST', '/api/v1/flows/execute?wait_seconds=15', {
      json: { id: 'ok', name: 'ok', start_task: 'a', tasks: [{ name: 'a', task_type: 'noop' }], conditions: [] },
    });
    expect(done.body.status).toBe('SUCCEEDED');
    const refused = await runCli(['redrive', done.body.execution_id]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^error: \S+ \(HTTP 409\): \S/);
  });
});

describe('flow run --name and the list filters', () => {
  it('starts one execution for one name, and lists it by name prefix and start time', async () => {
    const before = new Date().toISOString();
    const prefix = `cli-${randomUUID()}`;
    // A long wait keeps the execution open: a name finds its open execution again (a closed one is a 409).
    const file = jsonFile('named.json', {
      id: prefix,
      name: 'Named',
      start_task: 'a',
      tasks: [{ name: 'a', task_type: 'wait', parameters: { seconds: 360_000 } }],
      conditions: [],
    });
    const first = await runCli(['run', file, '--name', `${prefix}-nightly`, '--detach']);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const again = await runCli(['run', file, '--name', `${prefix}-nightly`, '--detach']);
    expect(again.code).toBe(0);
    expect(again.stdout).toBe(first.stdout);

    const listed = await runCli(['list', '--name-prefix', prefix]);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(
      new RegExp(`^${first.stdout.trim()} +\\S+ +${prefix} +${prefix}-nightly +\\S+$`, 'm'),
    );
    const after = await runCli(['list', '--name-prefix', prefix, '--started-after', before, '--json']);
    expect(JSON.parse(after.stdout).executions.map((e: { execution_id: string }) => e.execution_id)).toEqual([
      first.stdout.trim(),
    ]);
    const none = await runCli(['list', '--name-prefix', prefix, '--started-before', before]);
    expect(none.stdout).toBe('no executions\n');
    expect((await runCli(['stop', first.stdout.trim()])).code).toBe(0);
    const closed = await runCli(['run', file, '--name', `${prefix}-nightly`, '--detach']);
    expect(closed.code).toBe(1);
    expect(closed.stderr).toMatch(/ExecutionAlreadyExists \(HTTP 409\)/);
  });
});
