import { Agent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import type { StepDispatcher, StepMessage } from './step-message';

export interface LambdaDispatcherOptions {
  region: string;
  functionName: string;
  /** serverless-offline's Lambda endpoint locally; unset on AWS. */
  endpoint?: string;
}

/** Asynchronous (`Event`) self-invocation of the step function: one invocation per step. */
export class LambdaStepDispatcher implements StepDispatcher {
  private readonly client: LambdaClient;

  constructor(private readonly options: LambdaDispatcherOptions) {
    this.client = new LambdaClient({
      region: options.region,
      maxAttempts: 5,
      requestHandler: {
        httpAgent: new Agent({ keepAlive: true, maxSockets: 64 }),
        httpsAgent: new HttpsAgent({ keepAlive: true, maxSockets: 64 }),
      },
      ...(options.endpoint && {
        endpoint: options.endpoint,
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      }),
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
    if (out.StatusCode !== 202) throw new Error(`async invoke of ${this.options.functionName} answered ${out.StatusCode}`);
  }
}
