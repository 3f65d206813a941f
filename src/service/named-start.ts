import { ConflictError, ExecutionAlreadyExistsError } from '../domain/errors';
import type { Execution } from '../domain/execution/execution';
import { startFingerprint } from '../domain/execution/execution-name';
import type { FlowDefinition } from '../domain/flow/flow-definition';
import { isTerminal } from '../domain/statuses';
import type { StepDeps } from './step-deps';

/** A round is lost only to a concurrent start or takeover of the same name; a few always settle it. */
const MAX_ROUNDS = 6;
const CONTENDED_DELAY_MS = 25;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface NamedStart {
  execution: Execution;
  /** True when the name was already held by an open execution of the same request: that one is returned. */
  reused: boolean;
}

/**
 * Stores `execution` under its name, unless the name is held (an idempotent start, as Step
 * Functions' StartExecution with a name):
 * - nobody holds it, or its execution is gone (deleted, or past its retention): the new execution
 *   is stored, with its reservation, in one transaction;
 * - an open execution (PENDING, RUNNING) started with the same flow and input holds it: that
 *   execution, reused (nothing is written);
 * - a closed one, or one started with another flow or input: 409 ExecutionAlreadyExists naming it.
 * Every start route that takes a name goes through here.
 */
export async function createNamedExecution(
  execution: Execution & { name: string },
  flow: FlowDefinition,
  deps: Pick<StepDeps, 'store' | 'clock' | 'logger'>,
): Promise<NamedStart> {
  const { name } = execution;
  const fingerprint = startFingerprint(flow, execution.state.input);
  let replacing: string | undefined;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const outcome = await deps.store.createNamedExecution(execution, flow, {
      name,
      fingerprint,
      ...(replacing !== undefined && { replacing }),
    });
    if (outcome === 'created') return { execution, reused: false };
    if (outcome === 'contended') {
      await sleep(CONTENDED_DELAY_MS * (1 + Math.random()));
      continue;
    }
    const holder = await deps.store.nameHolder(name, deps.clock.now().toISOString());
    if (!holder) {
      replacing = undefined; // freed since: try again as a new name
      continue;
    }
    const held = holder.execution;
    if (!held) {
      deps.logger.info('execution name held by an execution that is gone; taking it over', {
        name,
        previous_execution_id: holder.executionId,
      });
      replacing = holder.executionId;
      continue;
    }
    if (isTerminal(held.status)) {
      throw new ExecutionAlreadyExistsError(
        name,
        held.execution_id,
        `which has ended (${held.status}); a name starts one execution, and stays taken while that execution is kept`,
      );
    }
    if (holder.fingerprint !== fingerprint) {
      throw new ExecutionAlreadyExistsError(
        name,
        held.execution_id,
        `which was started with a different flow or input (it is ${held.status})`,
      );
    }
    return { execution: held, reused: true };
  }
  throw new ConflictError(`execution name '${name}' is being written by concurrent requests; try again`);
}
