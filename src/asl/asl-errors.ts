import { BadRequestError, type ErrorDetail, ValidationError } from '../domain/errors';
import { formatPath } from '../domain/problems/issue-paths';

/** A flow that no state machine can say (the export's only refusal); `path`: the field at fault. */
export class AslNotExpressibleError extends BadRequestError {
  constructor(message: string, path = 'flow') {
    super('asl_not_expressible', message, [{ path, message }]);
  }
}

/** Every part of a definition the import cannot run, each by path; nothing is ignored quietly. */
export class AslImportError extends ValidationError {
  constructor(details: ErrorDetail[], options?: ErrorOptions) {
    super(`the state machine cannot be run as a flow: ${details.length} problem(s)`, details, options);
  }
}

/** `['States', 'Fan', 'Type']` → `asl.States.Fan.Type`. */
export const aslPath = (...segments: Array<string | number>): string => formatPath(['asl', ...segments]);

export const ASL_MESSAGES = {
  notAnObject: 'must be a JSON object',
  queryLanguage: "must be 'JSONata' or 'JSONPath' (the default)",
  jsonPathInJsonata: "must be 'JSONata': a state may choose JSONata in a JSONPath machine, not the other way round",
  unknownField: (field: string, where: string) => `'${field}' is not supported on ${where}`,
  stateType: (type: unknown) =>
    `state type ${JSON.stringify(type)} is not supported (Task, Choice, Wait, Pass, Parallel, Map, Succeed and Fail are)`,
  resource:
    "must be 'flow:<task_type>', a Lambda function's ARN, 'arn:aws:states:::lambda:invoke', 'arn:aws:states:::aws-sdk:<service>:<action>' or one of the optimized integrations dynamodb:getItem|putItem|updateItem|deleteItem, sns:publish, sqs:sendMessage, events:putEvents; other AWS service integrations are not supported",
  placeholder: (resource: string) =>
    `'${resource}' holds a \${…} placeholder: give its value in the request's 'substitutions' ({ "Name": "value" }), as CloudFormation's DefinitionSubstitutions does`,
  callback:
    ".sync integrations are not supported, nor .waitForTaskToken but on 'arn:aws:states:::lambda:invoke', 'states:startExecution', an aws-sdk call, 'sns:publish', 'sqs:sendMessage' or 'events:putEvents'",
  credentialsLeftOut:
    'Credentials (a role to assume) is left out: the step function calls with its own role (on the local stack, mock the state; an AWS stage refuses it)',
  transition: 'give exactly one of Next (naming a state) and End: true',
  noState: (name: string) => `names no state '${name}'`,
} as const;
