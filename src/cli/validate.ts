import { DomainError, type ErrorDetail } from '../domain/errors';
import { isPlainObject } from '../domain/flow/flow-schema';
import { parseFlowRequest } from '../flow-requests/flow-validation';
import { defaultRegistry } from '../tasks/default-registry';
import { CliError } from './exit-codes';
import { executeRequest, parseFlowRequestFile, type RequestOptions } from './flow-file';
import { problemLines } from './output-lines';
import { type StateMachineSummary, stateMachineSummary, summaryText } from './state-machine-summary';

export interface ValidationReport {
  file: string;
  valid: boolean;
  /** The API's error code when invalid: `validation_error`, `invalid_json`, `duplicate_key`, … */
  code?: string;
  message?: string;
  errors: ErrorDetail[];
  warnings: ErrorDetail[];
  flow?: { id: string; name: string; tasks: number };
  /** For a valid state machine: its language, its states and the tasks they became. */
  state_machine?: StateMachineSummary;
}

/**
 * A flow file checked without a server, with the API's own reading of JSON and its validation
 * (parseFlowRequest with the task types of this checkout): every problem with its path, and the
 * warnings the API would return beside an execution. A state machine (`{ asl }`, or bare as `flow
 * export` writes it) is checked as the execute route reads it, its problems named by its own paths.
 * `options` are what `run` would add to the request (input, substitutions), checked with it.
 */
export function validateFlowFile(file: string, options: RequestOptions = {}): ValidationReport {
  try {
    const body = executeRequest(parseFlowRequestFile(file), options);
    const request = parseFlowRequest(body, defaultRegistry(), { asl: true });
    const { flow } = request;
    const asl = isPlainObject(body) && isPlainObject(body.asl) ? body.asl : undefined;
    return {
      file,
      valid: true,
      errors: [],
      warnings: request.warnings,
      flow: { id: flow.id, name: flow.name, tasks: flow.tasks.length },
      ...(asl && { state_machine: stateMachineSummary(asl, flow) }),
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

/** The report as `flow validate` prints it: what was found, then each problem and warning with its path. */
export function reportLines(report: ValidationReport): string[] {
  const { flow, state_machine: machine } = report;
  const verdict = !report.valid
    ? `${report.message}`
    : machine
      ? `${report.file}: ${summaryText(machine, flow!.id)}`
      : `${report.file}: valid (flow '${flow!.id}', ${flow!.tasks} task(s))`;
  return [verdict, ...problemLines('error', report.errors), ...problemLines('warning', report.warnings)];
}
