import { LambdaServiceException, type InvokeCommandOutput } from '@aws-sdk/client-lambda';
import { z } from 'zod';

/**
 * What an `invoke_lambda` call comes to, in Step Functions' terms: the names its failures are
 * caught by, and the envelope the `arn:aws:states:::lambda:invoke` integration hands on.
 */

/** What a function's error looks like in an invoke's payload. */
export const FunctionErrorSchema = z.object({
  errorType: z.string().optional(),
  errorMessage: z.string().optional(),
  trace: z.array(z.string()).optional(),
});

/**
 * The error name a function error is caught by: its `errorType` (on AWS, the thrown error's name);
 * `Lambda.Unknown` when Lambda gives none (out of memory, a function timeout), as Step Functions
 * says. serverless-offline reports every error as `Error`, with the real name first in its trace
 * (`GreetingRefused: …`): read it from there, so a flow catches the same names locally as on AWS.
 */
export function functionErrorName(payload: z.infer<typeof FunctionErrorSchema>): string {
  const fromTrace = /^([A-Za-z_$][\w$.]*): /.exec(payload.trace?.[0] ?? '')?.[1];
  if ((payload.errorType === undefined || payload.errorType === 'Error') && fromTrace) return fromTrace;
  return payload.errorType ?? 'Lambda.Unknown';
}

/**
 * The error name a failed call (not a function error) is caught by, as Step Functions reports
 * Lambda's errors: `Lambda.<exception>` for an exception Lambda's API declares
 * (`Lambda.TooManyRequestsException`, `Lambda.ResourceNotFoundException`,
 * `Lambda.ServiceException`…), `Lambda.AWSLambdaException` for any other answer of the service
 * (an access denied, say), `Lambda.SdkClientException` when no answer came (the network, the
 * client's own checks).
 */
export function invokeErrorName(error: unknown): string {
  if (error instanceof LambdaServiceException) {
    // Undeclared errors are built as the base class itself; declared ones have a class of their own.
    const declared = Object.getPrototypeOf(error) !== LambdaServiceException.prototype;
    return declared ? `Lambda.${error.name}` : 'Lambda.AWSLambdaException';
  }
  return 'Lambda.SdkClientException';
}

/** The HTTP answer's headers, as the SDK's raw response has them. */
export type ResponseHeaders = Record<string, string>;

/**
 * The integration's result as Step Functions returns it: the function's result under `Payload`
 * (an empty string for an `Event` invoke, which has none), the status code (200, or 202 for
 * `Event`), the version that ran, and the HTTP answer's metadata.
 */
export function invokeEnvelope(out: InvokeCommandOutput, payload: unknown, headers: ResponseHeaders): unknown {
  return {
    ...(out.ExecutedVersion !== undefined && { ExecutedVersion: out.ExecutedVersion }),
    ...(out.LogResult !== undefined && { LogResult: out.LogResult }),
    Payload: payload === null && out.StatusCode === 202 ? '' : payload,
    SdkHttpMetadata: {
      AllHttpHeaders: Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, [value]])),
      HttpHeaders: headers,
      HttpStatusCode: out.$metadata.httpStatusCode,
    },
    SdkResponseMetadata: { RequestId: out.$metadata.requestId },
    StatusCode: out.StatusCode,
  };
}
