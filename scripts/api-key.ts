/**
 * `npm run api-key`: prints a new API key and the SHA-256 hash to configure for it.
 * Only the hash is configured anywhere (FLOW_API_KEY_HASHES locally, the SSM parameter on AWS).
 */
import { generateApiKey, hashApiKey } from '../src/auth/api-keys';

const key = process.argv[2] ?? generateApiKey();
console.log(`key:  ${key}\nhash: ${hashApiKey(key)}`);
