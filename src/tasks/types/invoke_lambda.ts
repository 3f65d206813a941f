import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { z } from 'zod';
import { LAMBDA_FUNCTION_NAME_FORMS, parseLambdaFunctionName } from '../../domain/lambda-function-name';
import { awsClientOptions } from '../../config/aws-client-options';
import { allowListProblem } from '../lambda-allow-list';
import { mocksPossibleHere } from '../mock-only-resources';
import {
  FunctionErrorSchema,
  functionErrorName,
  invokeEnvelope,
  invokeErrorName,
  type ResponseHeaders,
} from '../lambda-invoke-result';
import { defineTask } from '../task-type';

export { functionErrorName };

let client: LambdaClient | undefined;
/** One client per cold start, on the local stack's Lambda endpoint when there is one. */
const lambda = () =>
  (client ??= new LambdaClient(
    awsClientOptions({
      region: process.env.AWS_REGION ?? 'us-east-1',
      endpoint: process.env.LAMBDA_ENDPOINT || undefined,
    }),
  ));

/**
 * Any form Lambda takes (docs/tasks.md#calling-your-own-lambda-functions), checked against the
 * allow-list by the function's name alone; an ARN must also be of this deployment's region (IAM
 * grants nothing elsewhere), when the deployment is known. On the local stack a function outside
 * it is a warning: a test case mocks it (docs/testing-with-mocks.md).
 */
const functionName = z
  .string({ error: 'function_name must be a string' })
  .min(1, 'function_name must not be empty')
  .superRefine((text, ctx) => {
    const ref = parseLambdaFunctionName(text);
    if (!ref) {
      ctx.addIssue({
        code: 'custom',
        message: `function_name '${text}' is not a function name: write ${LAMBDA_FUNCTION_NAME_FORMS}`,
      });
      return;
    }
    const problem = allowListProblem(text, ref);
    // Where mocks exist (the local stack) a function of the user's own is mocked: said, not refused (flow-warnings.ts).
    if (problem !== undefined && !mocksPossibleHere()) ctx.addIssue({ code: 'custom', message: problem });
  });

const qualifier = z
  .string({ error: 'qualifier must be a string' })
  .regex(/^(\$LATEST|[A-Za-z0-9_-]{1,128})$/, 'qualifier must be an alias, a version number or $LATEST');

export default defineTask({
  type: 'invoke_lambda',
  description:
    'Calls a Lambda function of the allow-list (`function_name`: a name, `name:alias` or an ARN) with `payload` and passes its JSON result on (or, with `result: envelope`, the Step Functions lambda:invoke envelope); a function error is caught by its errorType.',
  // The called function names its errors (errorType), plus Lambda.* names when the call itself fails.
  errorCodes: 'any',
  parameters: z
    .strictObject({
      function_name: functionName,
      /** The event the function receives (any JSON); `{}` when absent. */
      payload: z.unknown().default({}),
      /** An alias or version, when `function_name` does not end in one. */
      qualifier: qualifier.optional(),
      /** `Event`: Lambda queues the call and answers 202 at once, with no result. */
      invocation_type: z
        .enum(['RequestResponse', 'Event'], { error: "invocation_type must be 'RequestResponse' or 'Event'" })
        .default('RequestResponse'),
      /** Base64-encoded JSON handed to the function as its client context. */
      client_context: z.string({ error: 'client_context must be a string (base64-encoded JSON)' }).optional(),
      /** `Tail`: the envelope carries the last 4 KB of the function's log (LogResult). */
      log_type: z.enum(['None', 'Tail'], { error: "log_type must be 'None' or 'Tail'" }).optional(),
      /** `payload`: the function's result; `envelope`: what Step Functions' lambda:invoke returns. */
      result: z.enum(['payload', 'envelope'], { error: "result must be 'payload' or 'envelope'" }).default('payload'),
    })
    .superRefine((parameters, ctx) => {
      const named = parseLambdaFunctionName(parameters.function_name)?.qualifier;
      if (named !== undefined && parameters.qualifier !== undefined && named !== parameters.qualifier)
        ctx.addIssue({
          code: 'custom',
          path: ['qualifier'],
          message: `qualifier '${parameters.qualifier}' contradicts the ':${named}' function_name ends in`,
        });
    }),
  async run({ parameters, signal }) {
    const ref = parseLambdaFunctionName(parameters.function_name);
    // serverless-offline knows its functions by name only (an ARN gets 404): locally, call the name.
    const target = process.env.LAMBDA_ENDPOINT && ref ? ref.name : parameters.function_name;
    const command = new InvokeCommand({
      FunctionName: target,
      ...(ref?.qualifier === undefined && parameters.qualifier !== undefined && { Qualifier: parameters.qualifier }),
      InvocationType: parameters.invocation_type,
      ...(parameters.client_context !== undefined && { ClientContext: parameters.client_context }),
      ...(parameters.log_type !== undefined && { LogType: parameters.log_type }),
      Payload: Buffer.from(JSON.stringify(parameters.payload)),
    });
    let headers: ResponseHeaders = {};
    // The envelope carries the HTTP answer's headers, which the SDK's output leaves out.
    command.middlewareStack.add(
      (next) => async (args) => {
        const answer = await next(args);
        headers = (answer.response as { headers?: ResponseHeaders }).headers ?? {};
        return answer;
      },
      { step: 'build', name: 'keepInvokeResponseHeaders' },
    );
    let out;
    try {
      out = await lambda().send(command, { abortSignal: signal });
    } catch (error) {
      return {
        status: 'failure',
        error_code: invokeErrorName(error),
        error: `could not invoke ${parameters.function_name}: ${(error as Error).message}`,
      };
    }
    const text = out.Payload ? Buffer.from(out.Payload).toString('utf8') : '';
    const body: unknown = text === '' ? null : JSON.parse(text);
    if (out.FunctionError) {
      const failure = FunctionErrorSchema.safeParse(body);
      const payload = failure.success ? failure.data : {};
      return {
        status: 'failure',
        error_code: functionErrorName(payload),
        error: payload.errorMessage ?? `${parameters.function_name} failed (${out.FunctionError})`,
      };
    }
    return {
      status: 'success',
      output: parameters.result === 'envelope' ? invokeEnvelope(out, body, headers) : body,
      message: `${parameters.function_name} answered ${out.StatusCode ?? ''}`.trim(),
    };
  },
});
