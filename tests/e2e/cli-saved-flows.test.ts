import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { api } from '../support/http';
import { FLOWS_DIR, jsonFile, runCli } from '../support/cli';

/** `flow save` and `flow start`: saved flows from the command line, against the test stack. */

const newId = (what: string) => `cli-${what}-${randomUUID().slice(0, 8)}`;
const STARTED = /^started execution ([A-Za-z0-9_-]+) of flow (\S+) version (\d+)$/m;

describe('flow save and flow start', () => {
  it('saves a sample file as it is under --id, its input the default input, and starts it with that input or --input', async () => {
    const id = newId('failure-recovery');
    const saved = await runCli(['save', path.join(FLOWS_DIR, 'failure-recovery.json'), '--id', id]);
    expect(saved).toMatchObject({ code: 0, stderr: '' });
    expect(saved.stdout).toBe(`saved flow ${id} version 1 (Order import with a recovery branch)\n`);
    const again = await runCli(['save', path.join(FLOWS_DIR, 'failure-recovery.json'), '--id', id]);
    expect(again.stdout).toBe(`flow ${id} version 1 already has this definition: nothing saved\n`);
    expect((await api('GET', `/api/v1/flows/${id}`)).body).toMatchObject({
      latest_version: 1,
      default_input: { batch: '2026-11-23' },
    });

    const started = await runCli(['start', id]);
    expect(started.code).toBe(0);
    const [, executionId, flowId, version] = STARTED.exec(started.stdout) ?? [];
    expect([flowId, version]).toEqual([id, '1']);
    expect(started.stdout).toMatch(/^ {2}3 {2}notify_failure +SUCCEEDED/m);
    expect(started.stdout.trimEnd().split('\n').at(-1)).toMatch(/^SUCCEEDED \(3 step\(s\)/);
    expect((await api('GET', `/api/v1/flows/executions/${executionId}`)).body).toMatchObject({
      flow_id: id,
      flow_version: 1,
      input: { batch: '2026-11-23' },
    });

    const withInput = await runCli(['start', id, '--input', '{"batch":"other"}', '--json']);
    expect(withInput.code).toBe(0);
    expect(JSON.parse(withInput.stdout)).toMatchObject({ status: 'SUCCEEDED', flow_id: id, input: { batch: 'other' } });
  }, 150_000);

  it('saves a state machine file, bare as `flow export` writes it, under --id, and starts it detached', async () => {
    const exported = await runCli(['export', path.join(FLOWS_DIR, 'print-and-wait.json')]);
    expect(exported.code).toBe(0);
    const file = jsonFile('print-and-wait.asl.json', exported.stdout);
    const refused = await runCli(['save', file]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(
      'a state machine has no flow id of its own: give the id to save it under with --id',
    );

    const id = newId('machine');
    const saved = await runCli(['save', file, '--id', id, '--json']);
    expect(saved.code).toBe(0);
    expect(JSON.parse(saved.stdout)).toMatchObject({
      flow_id: id,
      version: 1,
      created: true,
      flow_name: 'Print and wait',
    });
    const detached = await runCli(['start', id, '--detach']);
    expect(detached.code).toBe(0);
    const executionId = detached.stdout.trim();
    const done = await api('GET', `/api/v1/flows/executions/${executionId}?wait_seconds=15`);
    expect(done.body).toMatchObject({ status: 'SUCCEEDED', flow_id: id, flow_version: 1, steps_executed: 3 });
  }, 120_000);

  it('reports the API refusing a start plainly: an unknown flow exits 1', async () => {
    const missing = newId('missing');
    const result = await runCli(['start', missing]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`flow ${missing} not found`);
  });
});
