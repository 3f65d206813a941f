import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { generateApiKey } from '../../src/auth/api-keys';

/**
 * What `npm start` keeps between runs, all in one git-ignored folder so that starting afresh is
 * deleting one folder: the API key, DynamoDB Local's data and serverless offline's log.
 */
export interface LocalFolder {
  root: string;
  apiKeyFile: string;
  /** Parent of the database folder; the engine (DynamoDB Local or dynalite) adds its own name. */
  dataDir: string;
  offlineLog: string;
}

export const LOCAL_FOLDER_NAME = '.flow-local';

export function localFolder(serviceRoot: string): LocalFolder {
  const root = path.join(serviceRoot, LOCAL_FOLDER_NAME);
  return {
    root,
    apiKeyFile: path.join(root, 'api-key'),
    dataDir: path.join(root, 'data'),
    offlineLog: path.join(root, 'offline.log'),
  };
}

/** Creates the folder, after deleting everything in it when `fresh` (key, data and log). */
export function prepareLocalFolder(folder: LocalFolder, fresh: boolean): void {
  if (fresh) rmSync(folder.root, { recursive: true, force: true });
  // 0700: the folder holds a key that opens the local API.
  mkdirSync(folder.root, { recursive: true, mode: 0o700 });
  mkdirSync(folder.dataDir, { recursive: true });
}

export type ApiKeySource = 'environment' | 'kept' | 'new';

/**
 * FLOW_API_KEY when set (and then nothing is written); otherwise the key kept in the folder, or a
 * new one saved there readable by its owner only.
 */
export function localApiKey(folder: LocalFolder, fromEnvironment: string | undefined): { key: string; source: ApiKeySource } {
  const given = fromEnvironment?.trim();
  if (given) return { key: given, source: 'environment' };
  if (existsSync(folder.apiKeyFile)) {
    const kept = readFileSync(folder.apiKeyFile, 'utf8').trim();
    if (kept) return { key: kept, source: 'kept' };
  }
  const key = generateApiKey();
  writeFileSync(folder.apiKeyFile, `${key}\n`, { mode: 0o600 });
  // The mode above applies only when the file is created; an empty file left behind keeps its own.
  chmodSync(folder.apiKeyFile, 0o600);
  return { key, source: 'new' };
}
