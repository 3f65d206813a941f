import { redriveExecution, stopExecution } from '../../src/service/execution-control';
import { EngineDriver, scriptedFlow } from '../support/engine-driver';

/** Time, skipped rather than waited for: waits, retry backoffs and deadlines, fired by the timers and the sweep. */
const then = (source: string, target: string) => ({
  name: `${source}_to_${target}`,
  source_task: source,
  outcome: 'success',
  target_task_success: target,
  target_task_failure: 'end',
});

describe('the engine driver: time', () => {
  it('records a task timeout as timeout, and a catcher on timeout routes it (as one on States.Timeout would)', async () => {
    const d = new EngineDriver();
    const id = await d.start(
      scriptedFlow(
        [
          { name: 'slow', timeout_seconds: 0.05, catch: [{ error_equals: ['timeout'], next: 'cleanup' }] },
          { name: 'cleanup' },
        ],
        { conditions: [then('slow', 'end')] },
      ),
    );
    const release = d.hold(id, 1);
    try {
      await d.drain();
    } finally {
      release();
    }
    expect((await d.steps(id)).map((s) => `${s.task_name}:${s.status}:${s.error_code ?? ''}`)).toEqual([
      'slow:FAILED:timeout',
      'cleanup:SUCCEEDED:',
    ]);
    expect(await d.execution(id)).toMatchObject({ status: 'SUCCEEDED' });
  });

  it('stops an execution during a durable wait, fires nothing for it, and redrives it from the wait', async () => {
    const d = new EngineDriver();
    const id = await d.start(
      scriptedFlow([{ name: 'pause', task_type: 'wait', parameters: { seconds: 3600 } }, { name: 'after' }], {
        conditions: [then('pause', 'after')],
      }),
    );
    expect(await d.deliver(d.dispatcher.takeOne())).toEqual({ outcome: 'waiting' });
    expect(await d.execution(id)).toMatchObject({
      status: 'RUNNING',
      cursor: { task: 'pause', due_at: '2026-01-01T01:00:00.000Z' },
    });

    d.advance(600);
    await stopExecution(id, { cause: 'operator' }, d.deps);
    d.advance(3600);
    expect(await d.fireTimers()).toMatchObject({ fired: 0 });
    expect(await d.sweep()).toMatchObject({ redispatched: 0 });
    expect(d.dispatcher.pending).toHaveLength(0);
    expect(await d.execution(id)).toMatchObject({ status: 'ABORTED', steps_recorded: 0 });

    const redriven = await redriveExecution(id, d.deps);
    expect(redriven).toMatchObject({ status: 'RUNNING', redrive_count: 1, cursor: { task: 'pause' } });
    // A second redrive from the same end is refused: the first one changed it.
    await expect(redriveExecution(id, d.deps)).rejects.toMatchObject({ code: 'ExecutionNotRedrivable' });
    // The wait starts again, in full, and the timers hand it on when it is due.
    expect(await d.deliver(d.dispatcher.takeOne())).toEqual({ outcome: 'waiting' });
    d.advance(3599);
    expect(await d.fireTimers()).toMatchObject({ fired: 0 });
    d.advance(1);
    expect(await d.fireTimers()).toMatchObject({ fired: 1 });
    await d.drain();
    // The redrive closed the wait the stop interrupted with a record of its own (the history keeps
    // its start and the stop), then ran the wait again as the next step.
    expect(await d.execution(id)).toMatchObject({ status: 'SUCCEEDED', steps_recorded: 3 });
    expect((await d.steps(id)).map((s) => `${s.task_name}:${s.status}:${s.error_code ?? ''}`)).toEqual([
      'pause:FAILED:States.Aborted',
      'pause:SUCCEEDED:',
      'after:SUCCEEDED:',
    ]);
  });

  it("lets a redriven step read the redrive's count and time from $states.context", async () => {
    const d = new EngineDriver();
    const id = await d.start(
      scriptedFlow(
        [
          { name: 'once', parameters: { fail_runs: 1 } },
          {
            name: 'look',
            task_type: 'print',
            arguments: {
              message:
                "{% $string($states.context.Execution.RedriveCount) & ' at ' & $states.context.Execution.RedriveTime %}",
            },
          },
        ],
        { conditions: [then('once', 'look')] },
      ),
    );
    expect(await d.deliver(d.dispatcher.takeOne())).toMatchObject({ outcome: 'ran', status: 'failure' });
    expect(await d.execution(id)).toMatchObject({ status: 'FAILED' });
    d.advance(60);
    await redriveExecution(id, d.deps);
    await d.drain();
    expect(await d.execution(id)).toMatchObject({ status: 'SUCCEEDED', redrive_count: 1 });
    const look = (await d.steps(id)).find((s) => s.task_name === 'look');
    expect(look?.output).toMatchObject({ message: '1 at 2026-01-01T00:01:00.000Z' });
  });

  it('runs the failed task again on the input it failed on, not on its error', async () => {
    const d = new EngineDriver();
    const id = await d.start(
      scriptedFlow([
        { name: 'first', arguments: { fail_runs: '{% $states.input.fail %}' }, output: '{% $states.input.n %}' },
      ]),
      { n: 5, fail: 1 },
    );
    await d.drain();
    expect(await d.execution(id)).toMatchObject({ status: 'FAILED', reason: 'task_failed' });
    await redriveExecution(id, d.deps);
    await d.drain();
    expect(await d.execution(id)).toMatchObject({ status: 'SUCCEEDED', state: { data: 5 } });
  });

  it("fires a retry's backoff with the timers only once the clock reached it", async () => {
    const d = new EngineDriver();
    const retry = [
      { error_equals: ['States.ALL'], interval_seconds: 10, max_attempts: 2, backoff_rate: 2, jitter: 'NONE' },
    ];
    const id = await d.start(scriptedFlow([{ name: 'flaky', parameters: { fail_runs: 2 }, retry }]));
    expect(await d.deliver(d.dispatcher.takeOne())).toMatchObject({ outcome: 'ran', status: 'failure' });
    // The retry is due in 10 s: nothing is dispatched now, and the timers fire nothing before then.
    expect(d.dispatcher.pending).toHaveLength(0);
    expect(await d.execution(id)).toMatchObject({
      status: 'RUNNING',
      cursor: { task: 'flaky', due_at: '2026-01-01T00:00:10.000Z' },
    });
    d.advance(9.999);
    expect(await d.fireTimers()).toMatchObject({ fired: 0 });
    d.advance(0.001);
    expect(await d.fireTimers()).toMatchObject({ fired: 1 });
    expect(await d.deliver(d.dispatcher.takeOne())).toMatchObject({ outcome: 'ran', status: 'failure' });
    // The second backoff doubles.
    d.advance(19);
    expect(await d.fireTimers()).toMatchObject({ fired: 0 });
    d.advance(1);
    expect(await d.fireTimers()).toMatchObject({ fired: 1 });
    expect(await d.deliver(d.dispatcher.takeOne())).toMatchObject({ outcome: 'ran', status: 'success' });
    expect(await d.execution(id)).toMatchObject({ status: 'SUCCEEDED' });
    expect(d.bodies.count(id, 1) + d.bodies.count(id, 2) + d.bodies.count(id, 3)).toBe(3);
  });

  it('times an execution out at its deadline: the sweep ends it, and a step delivered after it runs nothing', async () => {
    const d = new EngineDriver();
    const flow = scriptedFlow([{ name: 'a' }, { name: 'b' }], { conditions: [then('a', 'b')], timeout_seconds: 30 });
    const id = await d.start(flow);
    expect(await d.deliver(d.dispatcher.takeOne())).toMatchObject({ outcome: 'ran' });
    const handOn = d.dispatcher.takeOne();
    // Before the deadline (and within step 1's lease) the sweep leaves it alone.
    d.advance(29);
    expect(await d.sweep()).toMatchObject({ redispatched: 0 });
    d.advance(1);
    expect(await d.sweep()).toMatchObject({ redispatched: 1 });
    expect(await d.execution(id)).toMatchObject({ status: 'TIMED_OUT', reason: 'States.Timeout' });
    // The hand-on arrives late: step 1 finished before the deadline and is counted; step 2 never runs.
    expect(await d.deliver(handOn)).toMatchObject({ outcome: 'skipped' });
    expect(d.bodies.count(id, 2)).toBe(0);
    expect(await d.execution(id)).toMatchObject({ status: 'TIMED_OUT', steps_recorded: 1 });

    // A step delivered only after the deadline, with nobody having noticed it: the claim finds it out of time.
    const late = await d.start(flow);
    d.advance(31);
    expect(await d.deliver(d.dispatcher.takeOne())).toEqual({ outcome: 'skipped', reason: 'execution_timed_out' });
    expect(d.bodies.count(late, 1)).toBe(0);
    expect(await d.execution(late)).toMatchObject({ status: 'TIMED_OUT', steps_recorded: 0 });
  });
});
