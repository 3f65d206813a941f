import { Agent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';

export interface AwsClientTarget {
  region: string;
  /** Set only for the local stack (DynamoDB Local, serverless-offline); AWS uses its defaults. */
  endpoint?: string;
}

/**
 * Options shared by every AWS SDK client here. Clients are created once per cold start and keep
 * their connections alive, which saves a TCP handshake per call on the per-step hot path.
 */
export function awsClientOptions(target: AwsClientTarget) {
  return {
    region: target.region,
    maxAttempts: 5,
    requestHandler: {
      httpAgent: new Agent({ keepAlive: true, maxSockets: 64 }),
      httpsAgent: new HttpsAgent({ keepAlive: true, maxSockets: 64 }),
    },
    ...(target.endpoint && {
      endpoint: target.endpoint,
      // Local emulators accept any credentials; fixed ones keep a laptop's AWS profile out of it.
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
  };
}
