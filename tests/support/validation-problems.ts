import { DomainError, ValidationError } from '../../src/domain/errors';
import { parseFlowRequest } from '../../src/flow-requests/flow-validation';
import { defaultRegistry } from '../../src/tasks/default-registry';
import type { TaskRegistry } from '../../src/ports/task-registry';

/** The details of the ValidationError that parsing `body` throws. */
export function validationProblems(
  body: unknown,
  registry: TaskRegistry = defaultRegistry(),
): Array<{ path: string; message: string }> {
  try {
    parseFlowRequest(body, registry);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).details ?? [];
  }
  throw new Error('expected a validation error');
}

/** The DomainError that `run` throws (fails the test if it throws nothing or something else). */
export function thrownDomainError(run: () => unknown): DomainError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return error as DomainError;
  }
  throw new Error('expected an error');
}

/** A small valid flow of two noop tasks; tests change one field of it to make one problem. */
export const bareFlow = (overrides: Record<string, unknown> = {}) => ({
  id: 'f1',
  name: 'Flow one',
  start_task: 'a',
  tasks: [
    { name: 'a', task_type: 'noop' },
    { name: 'b', task_type: 'noop' },
  ],
  conditions: [],
  ...overrides,
});
