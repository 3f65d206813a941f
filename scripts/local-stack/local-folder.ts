import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
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
  /** The pid of the `npm start` using the folder. */
  lockFile: string;
}

export const LOCAL_FOLDER_NAME = '.flow-local';

export function localFolder(serviceRoot: string): LocalFolder {
  const root = path.join(serviceRoot, LOCAL_FOLDER_NAME);
  return {
    root,
    apiKeyFile: path.join(root, 'api-key'),
    dataDir: path.join(root, 'data'),
    offlineLog: path.join(root, 'offline.log'),
    lockFile: path.join(root, 'lock'),
  };
}

/**
 * Creates the folder, after deleting everything in it when `fresh` (key, data and log), and claims
 * it for this process: two databases writing one data file would corrupt it, so a folder that a
 * running `npm start` holds is refused (on other ports the port check would not catch it).
 * Returns the function that gives the folder up.
 */
export function prepareLocalFolder(folder: LocalFolder, fresh: boolean): () => void {
  const holder = lockHolder(folder);
  if (holder !== undefined) {
    throw new Error(
      `${folder.root} is in use by another npm start (pid ${holder}); stop that one first, or delete ${folder.lockFile} if it is stale`,
    );
  }
  if (fresh) rmSync(folder.root, { recursive: true, force: true });
  // 0700: the folder holds a key that opens the local API.
  mkdirSync(folder.root, { recursive: true, mode: 0o700 });
  mkdirSync(folder.dataDir, { recursive: true });
  writeFileSync(folder.lockFile, `${process.pid}\n`);
  return () => {
    if (lockHolder(folder) === process.pid) unlinkSync(folder.lockFile);
  };
}

/** The pid in the lock file if that process still runs (this one included). */
function lockHolder(folder: LocalFolder): number | undefined {
  let pid: number;
  try {
    pid = Number(readFileSync(folder.lockFile, 'utf8').trim());
  } catch {
    return undefined;
  }
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  try {
    process.kill(pid, 0);
    return pid;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM' ? pid : undefined;
  }
}

export type ApiKeySource = 'environment' | 'kept' | 'new';

/**
 * FLOW_API_KEY when set (and then nothing is written); otherwise the key kept in the folder, or a
 * new one saved there readable by its owner only.
 */
export function localApiKey(
  folder: LocalFolder,
  fromEnvironment: string | undefined,
): { key: string; source: ApiKeySource } {
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
