/**
 * `npm run api-key`: prints a new API key and the SHA-256 hash to configure for it, and how to
 * have each stack accept it. Only the hash is configured anywhere (FLOW_API_KEY_HASHES locally,
 * the SSM parameter on AWS).
 */
import { apiKeyLines } from '../src/auth/api-key-lines';
import { generateApiKey } from '../src/auth/api-keys';

console.log(apiKeyLines(process.argv[2] ?? generateApiKey()).join('\n'));
