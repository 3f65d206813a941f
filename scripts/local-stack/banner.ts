import path from 'node:path';
import type { DevStack } from './dev-stack';

/** The address `npx flow` (and the README's examples) use when FLOW_API_URL is not set. */
export const DEFAULT_API_URL = 'http://localhost:3000';

/** What `npm start` prints once the stack answers: where everything is, and a first command. */
export function banner(
  stack: Pick<
    DevStack,
    'apiUrl' | 'lambdaEndpoint' | 'dynamoEndpoint' | 'dynamoEngine' | 'tableName' | 'folder' | 'apiKey'
  >,
  cwd = process.cwd(),
): string {
  const local = (file: string) => path.relative(cwd, file) || '.';
  const { key, source, accepted } = stack.apiKey;
  const keyNote = {
    environment: 'from FLOW_API_KEY',
    kept: `kept in ${local(stack.folder.apiKeyFile)}`,
    new: `new, kept in ${local(stack.folder.apiKeyFile)} for the next runs`,
  }[source];
  const api = stack.apiUrl;
  // On another port the CLI would otherwise knock on the default one.
  const apiUrlLine = api === DEFAULT_API_URL ? [] : [`  export FLOW_API_URL=${api}`];
  return [
    '',
    `Flow Manager is running on ${api}  (DynamoDB: ${stack.dynamoEngine})`,
    '',
    `  data     ${local(stack.folder.dataDir)}/ (kept across restarts; npm start -- --fresh starts afresh)`,
    `  log      ${local(stack.folder.offlineLog)}  (npm start -- --verbose shows it here)`,
    `  console  ${api}/console   (the API reference: ${api}/docs)`,
    `  also     Lambda endpoint ${stack.lambdaEndpoint}, DynamoDB ${stack.dynamoEndpoint}, table ${stack.tableName}`,
    '',
    ...(accepted
      ? [
          `API key (${keyNote}); in another terminal:`,
          '',
          `  export FLOW_API_KEY=${key}`,
          ...apiUrlLine,
          `  curl -s -X POST '${api}/api/v1/flows/execute?wait_seconds=10' -H "authorization: Bearer $FLOW_API_KEY" \\`,
          `    -H 'content-type: application/json' -d @flows/classic-pipeline.json`,
        ]
      : [
          `API keys: only those whose SHA-256 hashes are in FLOW_API_KEY_HASHES. Try: curl -s ${api}/health`,
          ...apiUrlLine,
        ]),
    '',
    'Ctrl-C stops everything.',
  ].join('\n');
}
