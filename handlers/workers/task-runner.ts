import { rootLogger, toTaskLogger } from '../../src/observability/logger';
import { runTaskForStateMachine } from '../../src/service/run-task-for-state-machine';
import { defaultRegistry } from '../../src/tasks/default-registry';

const registry = defaultRegistry();

/**
 * The function an exported state machine's Task states invoke (`${TaskRunnerFunctionName}`): runs
 * one task of ours and answers its output, or fails with the task's error code as the error name.
 */
export const handler = (event: unknown) =>
  runTaskForStateMachine(event, { registry, logger: toTaskLogger(rootLogger) });
