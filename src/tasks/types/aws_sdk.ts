import { z } from 'zod';
import { allowedIntegrations, integrationRefusal } from '../aws-allow-list';
import { callResources } from '../aws-call-resources';
import {
  sdkErrorCause,
  sdkErrorName,
  sdkInput,
  sdkOutput,
  sdkResult,
  optimizedFor,
  type ResponseHeaders,
} from '../aws-sdk-result';
import { clientFor, commandOf, SERVICE_NAMES, serviceModule, serviceProblem } from '../aws-services';
import { defineTask } from '../task-type';

const ACTION = /^[a-z][A-Za-z0-9]*$/;

/**
 * What an optimized integration does to its parameters before the call, as Step Functions does:
 * a message, message body or event detail given as JSON (not text) is sent as its JSON text.
 */
export function optimizedInput(service: string, parameters: Record<string, unknown>): Record<string, unknown> {
  const asText = (value: unknown) => (value === undefined || typeof value === 'string' ? value : JSON.stringify(value));
  if (service === 'sns')
    return { ...parameters, ...(parameters.Message !== undefined && { Message: asText(parameters.Message) }) };
  if (service === 'sqs')
    return {
      ...parameters,
      ...(parameters.MessageBody !== undefined && { MessageBody: asText(parameters.MessageBody) }),
    };
  if (service === 'eventbridge' && Array.isArray(parameters.Entries))
    return {
      ...parameters,
      Entries: parameters.Entries.map((entry: unknown) =>
        entry !== null && typeof entry === 'object' && 'Detail' in entry
          ? { ...entry, Detail: asText(entry.Detail) }
          : entry,
      ),
    };
  return parameters;
}

export default defineTask({
  type: 'aws_sdk',
  description:
    'Calls an AWS service through its AWS SDK v3 client (`service`: ' +
    SERVICE_NAMES.join(', ') +
    '; `action`: the API action in camel case, `getItem`; `parameters`: its input in PascalCase, as Step Functions writes it) and passes the response on; errors are named `<Service>.<Exception>` as Step Functions names them. Only what the stage allows (stage parameter awsIntegrations).',
  // Named by the service (`DynamoDb.ConditionalCheckFailedException`), not by this type.
  errorCodes: 'any',
  parameters: z
    .strictObject({
      service: z
        .string({ error: `service must be a string (${SERVICE_NAMES.join(', ')})` })
        .superRefine((name, ctx) => {
          const problem = serviceProblem(name);
          if (problem) ctx.addIssue({ code: 'custom', message: problem });
        }),
      action: z
        .string({ error: 'action must be a string' })
        .regex(ACTION, "action must be the API action's name in camel case, as Step Functions writes it (getItem)"),
      /** The action's input, in the API's PascalCase (`TableName`, `Key`); `{}` when absent. */
      parameters: z.record(z.string(), z.unknown(), { error: 'parameters must be an object' }).default({}),
      /** `optimized`: Step Functions' optimized integration (its result shape and error names). */
      integration: z
        .enum(['aws-sdk', 'optimized'], { error: "integration must be 'aws-sdk' or 'optimized'" })
        .default('aws-sdk'),
    })
    .superRefine((p, ctx) => {
      if (serviceProblem(p.service) !== undefined || !ACTION.test(p.action)) return;
      if (!commandOf(p.service, p.action)) {
        ctx.addIssue({
          code: 'custom',
          path: ['action'],
          message: `service '${p.service}' has no action '${p.action}' (its SDK client has no ${p.action.charAt(0).toUpperCase()}${p.action.slice(1)}Command)`,
        });
        return;
      }
      if (p.integration === 'optimized' && !optimizedFor(p.service, p.action))
        ctx.addIssue({
          code: 'custom',
          path: ['integration'],
          message: `${p.service}:${p.action} has no optimized integration; use 'aws-sdk'`,
        });
      const grants = allowedIntegrations();
      if (grants === undefined) return;
      const refusal = integrationRefusal(grants, p.service, p.action, callResources(p.service, p.action, p.parameters));
      if (refusal) ctx.addIssue({ code: 'custom', path: ['parameters'], message: refusal });
    }),
  async run({ parameters: p, signal }) {
    const Command = commandOf(p.service, p.action)!;
    const input =
      p.integration === 'optimized'
        ? optimizedInput(p.service, p.parameters)
        : sdkInput(p.service, p.action, p.parameters);
    const command = new Command(input) as { middlewareStack: { add(mw: unknown, options: object): void } };
    let headers: ResponseHeaders = {};
    // An optimized integration's result carries the HTTP answer's headers, which the SDK's output leaves out.
    command.middlewareStack.add(
      (next: (args: unknown) => Promise<{ response: unknown }>) => async (args: unknown) => {
        const answer = await next(args);
        headers = (answer.response as { headers?: ResponseHeaders }).headers ?? {};
        return answer;
      },
      { step: 'build', name: 'keepIntegrationResponseHeaders' },
    );
    let out: Record<string, unknown>;
    try {
      out = await clientFor(p.service).send(command, { abortSignal: signal });
    } catch (error) {
      return {
        status: 'failure',
        error_code: sdkErrorName(error, p.service, p.integration, serviceModule(p.service)),
        error: sdkErrorCause(error, p.service, p.integration),
      };
    }
    const result = sdkResult(sdkOutput(p.service, p.action, out), p.service, p.integration, headers);
    // The optimized putEvents fails when EventBridge refused any entry, as Step Functions' does.
    if (p.integration === 'optimized' && p.service === 'eventbridge' && Number(result.FailedEntryCount ?? 0) > 0)
      return { status: 'failure', error_code: 'EventBridge.FailedEntry', error: JSON.stringify(result) };
    return { status: 'success', output: result, message: `${p.service}:${p.action} answered` };
  },
});
