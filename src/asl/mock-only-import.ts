/*
 * Task states whose call this engine cannot make but a test case can mock
 * (src/tasks/mock-only-resources.ts), as `mock_only` tasks: the Resource kept as `resource`, the
 * Parameters (JSONPath, `.$` keys computed by the step) or Arguments (JSONata) as the call's
 * `parameters`, which a mocked run does not need but the execution's history shows. Pure.
 */

import type { ErrorDetail } from '../domain/errors';
import { mockOnlyWaitsForCallback } from '../tasks/mock-only-resources';
import type { QueryMode } from './lambda-import';
import { hasExpression, plainLiterals } from './templates';

type AslObject = Record<string, unknown>;

export function mockOnlyTaskFields(
  state: AslObject,
  at: (...segments: Array<string | number>) => string,
  details: ErrorDetail[],
  mode: QueryMode,
): Record<string, unknown> {
  const resource = state.Resource as string;
  const field = mode === 'JSONPath' ? 'Parameters' : 'Arguments';
  const written = state[field];
  if (written !== undefined && (written === null || typeof written !== 'object' || Array.isArray(written)))
    details.push({ path: at(field), message: "must be an object: the call's input" });
  const parameters = { resource, ...(written !== undefined && { parameters: written }) };
  const type = { task_type: 'mock_only', ...(mockOnlyWaitsForCallback(resource) && { wait_for_callback: true }) };
  if (mode === 'JSONPath') return { ...type, jsonpath: { parameters } };
  const literal = plainLiterals(parameters);
  return hasExpression(literal) ? { ...type, arguments: parameters } : { ...type, parameters: literal };
}
