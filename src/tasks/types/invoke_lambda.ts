import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { z } from 'zod';
import { awsClientOptions } from '../../config/aws-client-options';
import { allowedFunctions } from '../lambda-allow-list';
import { defineTask } from '../task-type';

let client: LambdaClient | undefined;
/** One client per cold start, on the local stack's Lambda endpoint when there is one. */
const lambda = () =>
  (client ??= new LambdaClient(
    awsClientOptions({
      region: process.env.AWS_REGION ?? 'us-east-1',
      endpoint: process.env.LAMBDA_ENDPOINT || undefined,
    }),
  ));

const functionName = z
  .string({ error: 'function_name must be a string' })
  .min(1, 'function_name must not be empty')
  .superRefine((name, ctx) => {
    const allowed = allowedFunctions();
    if (allowed !== undefined && !allowed.includes(name)) {
      ctx.addIssue({
        code: 'custom',
        message: `function_name '${name}' is not in this deployment's allow-list (${allowed.length > 0 ? allowed.join(', ') : 'empty'}; stage parameter invokeLambdaFunctions)`,
      });
    }
  });

/** What a function's error looks like in an invoke's payload. */
const FunctionErrorSchema = z.object({
  errorType: z.string().optional(),
  errorMessage: z.string().optional(),
  trace: z.array(z.string()).optional(),
});

/**
 * The error name a function error is caught by: its `errorType` (on AWS, the thrown error's name).
 * serverless-offline reports every error as `Error`, with the real name first in its trace
 * (`GreetingRefused: …`): read it from there, so a flow catches the same names locally as on AWS.
 */
export function functionErrorName(payload: z.infer<typeof FunctionErrorSchema>): string {
  const fromTrace = /^([A-Za-z_$][\w$.]*): /.exec(payload.trace?.[0] ?? '')?.[1];
  if ((payload.errorType === undefined || payload.errorType === 'Error') && fromTrace) return fromTrace;
  return payload.errorType ?? 'Lambda.Unknown';
}

export default defineTask({
  type: 'invoke_lambda',
  description:
    'Calls a Lambda function of the allow-list (`function_name`) with `payload` and passes its JSON result on; a function error is caught by its errorType.',
  // The called function names its errors (errorType), plus Lambda.ServiceException when the call itself fails.
  errorCodes: 'any',
  parameters: z.strictObject({
    function_name: functionName,
    /** The event the function receives (any JSON); `{}` when absent. */
    payload: z.unknown().default({}),
  }),
  async run({ parameters, signal }) {
    let out;
    try {
      out = await lambda().send(
        new InvokeCommand({
          FunctionName: parameters.function_name,
          InvocationType: 'RequestResponse',
          Payload: Buffer.from(JSON.stringify(parameters.payload)),
        }),
        { abortSignal: signal },
      );
    } catch (error) {
      return {
        status: 'failure',
        error_code: 'Lambda.ServiceException',
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
    return { status: 'success', output: body, message: `${parameters.function_name} answered` };
  },
});
