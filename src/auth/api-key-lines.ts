import { hashApiKey } from './api-keys';

/**
 * What `npm run api-key` prints: the key, its hash, and how to have each stack accept it. The
 * local stack accepts only its own kept key (or FLOW_API_KEY), so a new key needs saying so.
 */
export function apiKeyLines(key: string): string[] {
  const hash = hashApiKey(key);
  return [
    `key:  ${key}`,
    `hash: ${hash}`,
    '',
    'The local stack accepts only the key it keeps in .flow-local/api-key (npm start prints it). To have it accept this one instead:',
    `  FLOW_API_KEY=${key} npm start`,
    'On AWS, put the hash (comma-separated with the others kept) in the stage\'s SSM parameter, see docs/api.md, "Authentication":',
    `  aws ssm put-parameter --name /flow-manager/<stage>/api-key-hashes --type SecureString --value '${hash}' --overwrite`,
  ];
}
