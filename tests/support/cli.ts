import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stackEnv } from './stack-env';

const BIN = path.join(__dirname, '..', '..', 'bin', 'flow.cjs');
export const FLOWS_DIR = path.join(__dirname, '..', '..', 'flows');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A running `flow` process: its output so far, and its end. */
export interface CliProcess {
  child: ChildProcess;
  output: { stdout: string; stderr: string };
  done: Promise<CliResult>;
}

/**
 * Starts the real executable (`node bin/flow.cjs …`), as a user would, pointed at the test stack
 * through FLOW_API_URL and FLOW_API_KEY; `env` entries override those (undefined removes one).
 * `offline` runs it with no stack at all, for the commands that need none.
 */
export function startCli(args: string[], env: Record<string, string | undefined> = {}, offline = false): CliProcess {
  const merged: Record<string, string | undefined> = {
    ...process.env,
    FLOW_API_URL: offline ? undefined : stackEnv('FLOW_TEST_API_URL'),
    FLOW_API_KEY: offline ? undefined : stackEnv('FLOW_TEST_API_KEY'),
    ...env,
  };
  // eslint-disable-next-line @typescript-eslint/no-dynamic-delete -- an unset variable must be absent, not 'undefined'
  for (const [name, value] of Object.entries(merged)) if (value === undefined) delete merged[name];
  const child = spawn(process.execPath, [BIN, ...args], { env: merged, stdio: ['ignore', 'pipe', 'pipe'] });
  const output = { stdout: '', stderr: '' };
  child.stdout.on('data', (chunk: Buffer) => (output.stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (output.stderr += chunk.toString('utf8')));
  const done = new Promise<CliResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, ...output }));
  });
  return { child, output, done };
}

/** Runs `flow …` to its end. */
export const runCli = (args: string[], env: Record<string, string | undefined> = {}): Promise<CliResult> =>
  startCli(args, env).done;

/** Runs `flow …` to its end without any stack. */
export const runCliOffline = (args: string[]): Promise<CliResult> => startCli(args, {}, true).done;

/** A JSON file in a fresh temporary folder, for flows made up by a test. */
export function jsonFile(name: string, content: unknown): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'flow-cli-')), name);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return file;
}

/** Waits until `check` holds, polling; fails after `timeoutMs`. */
export async function eventually(
  check: () => Promise<boolean> | boolean,
  timeoutMs = 15_000,
  what = 'condition',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
