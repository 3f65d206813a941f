import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { awsClientOptions } from '../config/aws-client-options';
import type { StepDispatcher } from '../ports/step-dispatcher';
import type { StepMessage } from '../domain/execution/step-message';

export interface LambdaDispatcherOptions {
  region: string;
  functionName: string;
  /** serverless-offline's Lambda endpoint locally; unset on AWS. */
  endpoint?: string;
}

/** Asynchronous (`Event`) self-invocation of the step function: one invocation per step, tried once. */
export class LambdaStepDispatcher implements StepDispatcher {
  private readonly client: LambdaClient;

  constructor(private readonly options: LambdaDispatcherOptions) {
    // One try per call: RetryingDispatcher owns the retry policy, so retries do not multiply.
    this.client = new LambdaClient({
      ...awsClientOptions({ region: options.region, endpoint: options.endpoint }),
      maxAttempts: 1,
    });
  }

  async dispatch(message: StepMessage): Promise<void> {
    const out = await this.client.send(
      new InvokeCommand({
        FunctionName: this.options.functionName,
        InvocationType: 'Event',
        Payload: Buffer.from(JSON.stringify(message)),
      }),
    );
    if (out.StatusCode !== 202)
      throw new Error(`async invoke of ${this.options.functionName} answered ${out.StatusCode}`);
  }
}
