import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { awsClientOptions } from '../config/aws-client-options';
import { parseKeyHashes } from './api-keys';

let loaded: Promise<Buffer[]> | undefined;

/**
 * The accepted key hashes, read once per cold start: FLOW_API_KEY_HASHES when set (the local
 * stack), otherwise the SSM parameter named by FLOW_API_KEY_HASHES_PARAMETER (AWS), so that
 * `serverless package` and deploys need no secret at build time. No hashes → every key is refused.
 */
export function apiKeyHashes(env: NodeJS.ProcessEnv = process.env): Promise<Buffer[]> {
  loaded ??= (async () => {
    const inline = env.FLOW_API_KEY_HASHES?.trim();
    if (inline) return parseKeyHashes(inline);
    const name = env.FLOW_API_KEY_HASHES_PARAMETER?.trim();
    if (!name) return [];
    const ssm = new SSMClient(awsClientOptions({ region: env.AWS_REGION ?? 'us-east-1' }));
    const out = await ssm.send(new GetParameterCommand({ Name: name, WithDecryption: true }));
    return parseKeyHashes(out.Parameter?.Value ?? '');
  })().catch((error: unknown) => {
    loaded = undefined; // a failed read is retried by the next invocation rather than cached
    throw error;
  });
  return loaded;
}
