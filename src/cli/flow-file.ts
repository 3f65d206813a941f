import { readFileSync } from 'node:fs';
import { isBareStateMachine } from '../asl/bare-state-machine';
import { DomainError, PayloadTooLargeError } from '../domain/errors';
import { isPlainObject } from '../domain/flow/flow-schema';
import { LIMITS } from '../domain/limits';
import { jsonDocument } from '../flow-requests/json-document';
import { CliError, EXIT } from './exit-codes';

/**
 * A JSON file read the way the API reads a request body (src/http/request.ts): over the body
 * limit, empty, not JSON, or repeating a key in one object is refused with the API's code and
 * details. Reading it here first matters beyond early errors: the client re-serialises what it
 * sends, which would silently drop a repeated key that the API would have refused.
 */
export function readJsonFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  try {
    const bytes = Buffer.byteLength(text, 'utf8');
    if (bytes > LIMITS.maxBodyBytes) throw new PayloadTooLargeError(LIMITS.maxBodyBytes, bytes);
    return jsonDocument(text);
  } catch (error) {
    throw asCliError(error, file);
  }
}

/**
 * A flow file as a request body: the file as it is, except that a bare state machine (as `flow
 * export` writes it) is wrapped as `{ asl }`, the one way the API takes a state machine. A file
 * is only ever a request body, so unlike a body sent to the API it cannot be meant otherwise.
 */
export function parseFlowRequestFile(file: string): unknown {
  const document = readJsonFile(file);
  return isBareStateMachine(document) ? { asl: document } : document;
}

/** A DomainError of the API's validation as the client reports it: code, message and details, about `file`. */
export function asCliError(error: unknown, file: string): unknown {
  if (!(error instanceof DomainError)) return error;
  return new CliError(`${file}: ${error.message}`, EXIT.ERROR, error.details ?? [], error.code);
}

/** JSON given on the command line (`--input '{"a":1}'`), read like a file's content. */
export function parseJsonOption(text: string, option: string): unknown {
  try {
    return jsonDocument(text);
  } catch (error) {
    throw asCliError(error, option);
  }
}

/**
 * `--substitutions`: JSON when it opens with `{` (`'{"TableName":"orders"}'`), else the name of a
 * JSON file holding that object, as CloudFormation's DefinitionSubstitutions are kept beside a template.
 */
export function parseSubstitutionsOption(text: string): unknown {
  return text.trimStart().startsWith('{') ? parseJsonOption(text, '--substitutions') : readJsonFile(text);
}

/** What the command line adds to a flow file's request. */
export interface RequestOptions {
  input?: unknown;
  name?: string;
  substitutions?: unknown;
  /** A test case of the stack's mock configuration, and the state machine name it is listed under (docs/testing-with-mocks.md). */
  testCase?: string;
  stateMachineName?: string;
}

/**
 * The body of POST /api/v1/flows/execute for a flow file, with the execution input and name given
 * on the command line. The file is sent as it is when neither is given. A name is a field of the
 * request, beside `flow` and `input`, and a bare flow has a `name` of its own, so a bare flow is
 * wrapped (`{ flow, input, name }`) to carry one. Substitutions fill a state machine's `${Name}`
 * placeholders: merged over the file's own, name by name, so a file can hold defaults that the
 * command line overrides.
 */
export function executeRequest(document: unknown, options: RequestOptions): unknown {
  const mocked = options.testCase !== undefined || options.stateMachineName !== undefined;
  if (options.input === undefined && options.name === undefined && options.substitutions === undefined && !mocked)
    return document;
  if (!isPlainObject(document))
    throw new CliError(
      'the flow file must hold a JSON object to take --input, --name, --substitutions or --test-case',
      EXIT.USAGE,
    );
  const input = options.input === undefined ? {} : { input: options.input };
  // A test case and its state machine's name are request fields, as a name is: a bare flow is wrapped for them.
  const name = {
    ...(options.name !== undefined && { name: options.name }),
    ...(options.testCase !== undefined && { test_case: options.testCase }),
    ...(options.stateMachineName !== undefined && { state_machine_name: options.stateMachineName }),
  };
  if (Object.hasOwn(document, 'asl'))
    return { ...document, ...input, ...name, ...substitutionsOf(document.substitutions, options.substitutions) };
  if (options.substitutions !== undefined)
    throw new CliError("--substitutions fills a state machine's placeholders; this file holds a flow", EXIT.USAGE);
  if (Object.hasOwn(document, 'flow')) return { ...document, ...input, ...name };
  if (Object.keys(name).length === 0) return { ...document, ...input };
  const { input: fileInput, ...flow } = document;
  return { flow, ...(fileInput !== undefined && { input: fileInput }), ...input, ...name };
}

/** The file's substitutions with the command line's over them; anything but two objects is sent as given, for the API to judge. */
function substitutionsOf(file: unknown, option: unknown): { substitutions?: unknown } {
  if (option === undefined) return {};
  return { substitutions: isPlainObject(file) && isPlainObject(option) ? { ...file, ...option } : option };
}
