import { DomainError, type ErrorDetail } from '../domain/errors';
import { parseFlowRequest } from '../flow-requests/flow-validation';
import { defaultRegistry } from '../tasks/default-registry';
import { CliError } from './exit-codes';
import { parseFlowRequestFile } from './flow-file';

export interface ValidationReport {
  file: string;
  valid: boolean;
  /** The API's error code when invalid: `validation_error`, `invalid_json`, `duplicate_key`, … */
  code?: string;
  message?: string;
  errors: ErrorDetail[];
  warnings: ErrorDetail[];
  flow?: { id: string; name: string; tasks: number };
}

/**
 * A flow file checked without a server, with the API's own reading of JSON and its validation
 * (parseFlowRequest with the task types of this checkout): every problem with its path, and the
 * warnings the API would return beside an execution. A state machine (`{ asl }`, or bare as `flow
 * export` writes it) is checked as the execute route reads it, its problems named by its own paths.
 */
export function validateFlowFile(file: string): ValidationReport {
  try {
    const request = parseFlowRequest(parseFlowRequestFile(file), defaultRegistry(), { asl: true });
    const { flow } = request;
    return {
      file,
      valid: true,
      errors: [],
      warnings: request.warnings,
      flow: { id: flow.id, name: flow.name, tasks: flow.tasks.length },
    };
  } catch (error) {
    if (error instanceof CliError && error.code !== undefined) {
      return { file, valid: false, code: error.code, message: error.message, errors: [...error.details], warnings: [] };
    }
    if (error instanceof DomainError) {
      return {
        file,
        valid: false,
        code: error.code,
        message: `${file}: ${error.message}`,
        errors: error.details ?? [],
        warnings: [],
      };
    }
    throw error;
  }
}
