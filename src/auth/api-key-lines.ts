import { generateApiKey, hashApiKey } from './api-keys';

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

const USAGE = [
  'usage: npm run api-key [-- <key>]',
  'Prints a new API key (or the one given) and the hash to configure for it.',
];

/** `npm run api-key [-- <key>]`: an argument that looks like an option is never taken for a key. */
export function apiKeyCommand(args: readonly string[]): { lines: string[]; exitCode: number } {
  const [arg, ...extra] = args;
  if (arg === '--help' || arg === '-h') return { lines: USAGE, exitCode: 0 };
  if (arg?.startsWith('-') || extra.length > 0) {
    const problem = arg?.startsWith('-') ? `unknown option '${arg}'` : 'give at most one key';
    return { lines: [problem, ...USAGE], exitCode: 2 };
  }
  return { lines: apiKeyLines(arg ?? generateApiKey()), exitCode: 0 };
}
