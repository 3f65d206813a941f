import { statusLines } from '../../src/cli/output-lines';
import type { ExecutionView } from '../../src/cli/api-client';
import type { Execution } from '../../src/domain/execution/execution';
import { waitingUntil } from '../../src/views/task-progress';

const head = (fields: Partial<Execution>) =>
  ({ status: 'RUNNING', progress: new Map(), attempts: 0, steps_recorded: 1, ...fields }) as unknown as Execution;
const due = '2026-12-06T18:30:00.000Z';

describe('until when the current task waits', () => {
  it('is the due time of the cursor step while no invocation holds it (a wait, a retry backoff)', () => {
    expect(
      waitingUntil(
        head({
          cursor: {
            seq: 2,
            task: 'pause',
            timeout_seconds: 30,
            due_at: due,
            wait_started_at: '2026-12-06T18:20:00.000Z',
          },
        }),
      ),
    ).toBe(due);
    expect(
      waitingUntil(head({ cursor: { seq: 3, task: 'charge', timeout_seconds: 30, retries: [1], due_at: due } })),
    ).toBe(due);
  });

  it('is null when nothing waits: a step not put off, one running now, an ended execution', () => {
    expect(waitingUntil(head({ cursor: { seq: 2, task: 'pause', timeout_seconds: 30 } }))).toBeNull();
    const claim = { token: 't', claimed_at: due, lease_expires_at: 0 };
    expect(
      waitingUntil(head({ cursor: { seq: 2, task: 'pause', timeout_seconds: 30, due_at: due }, claim })),
    ).toBeNull();
    expect(
      waitingUntil(head({ status: 'ABORTED', cursor: { seq: 2, task: 'pause', timeout_seconds: 30, due_at: due } })),
    ).toBeNull();
  });

  it('is a line of `flow status` while it waits, and absent otherwise', () => {
    const view = {
      execution_id: 'e1',
      name: null,
      flow_id: 'f',
      flow_name: 'F',
      status: 'RUNNING',
      current_task: 'pause',
      failed_task: null,
      error: null,
      error_code: null,
      created_at: due,
      started_at: due,
      completed_at: null,
      steps_executed: 1,
      max_steps: 100,
      tasks: [],
      waiting_until: due,
    } as unknown as ExecutionView;
    expect(statusLines(view)).toContainEqual(expect.stringMatching(new RegExp(`^waiting until: +${due}$`)));
    expect(statusLines({ ...view, waiting_until: null }).some((line) => line.startsWith('waiting until'))).toBe(false);
  });
});
