/**
 * `npm run api-key`: prints a new API key and the SHA-256 hash to configure for it, and how to
 * have each stack accept it. Only the hash is configured anywhere (FLOW_API_KEY_HASHES locally,
 * the SSM parameter on AWS).
 */
import { apiKeyCommand } from '../src/auth/api-key-lines';

const { lines, exitCode } = apiKeyCommand(process.argv.slice(2));
(exitCode === 0 ? console.log : console.error)(lines.join('\n'));
process.exitCode = exitCode;
