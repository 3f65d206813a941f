import type { ChildProcess, SpawnOptions, StdioOptions } from 'node:child_process';
import type { Socket } from 'node:net';
import path from 'node:path';

const hasExited = (child: ChildProcess) =>
  child.exitCode !== null || child.signalCode !== null || child.pid === undefined;

function signal(child: ChildProcess, name: NodeJS.Signals, group: boolean): void {
  try {
    // A negative pid addresses the whole process group (serverless offline and its workers).
    process.kill(group ? -child.pid! : child.pid!, name);
  } catch {
    /* already gone */
  }
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves once the process has exited. */
export function stopProcess(child: ChildProcess, options: { group: boolean; graceMs?: number }): Promise<void> {
  if (hasExited(child)) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => signal(child, 'SIGKILL', options.group), options.graceMs ?? 5000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    signal(child, 'SIGTERM', options.group);
  });
}

/**
 * Sends SIGTERM to `child` when this process exits before stopping it (Ctrl-C during start-up, a
 * crash): a child in a process group of its own would otherwise outlive it and keep its port.
 * Returns the function that cancels this once the child is stopped the orderly way.
 */
export function stopWhenThisProcessExits(child: ChildProcess, options: { group: boolean }): () => void {
  const onExit = () => {
    if (!hasExited(child)) signal(child, 'SIGTERM', options.group);
  };
  process.once('exit', onExit);
  return () => process.removeListener('exit', onExit);
}

/** Preloaded (`node --require`) into a Node child, it ends that child once this process is gone. */
export const LIFELINE_MODULE = path.join(__dirname, 'lifeline.cjs');
/** Runs a command that cannot load the lifeline itself (a JVM) under one: `node SUPERVISOR <command> [args...]`. */
export const SUPERVISOR = path.join(__dirname, 'supervise.cjs');
const LIFELINE_FD = 3;

/**
 * Spawn options that hand the child a lifeline: one more pipe, whose far end the kernel closes
 * when this process dies, even by SIGKILL, when no handler of ours runs (the `exit` handler above
 * included). The child must load LIFELINE_MODULE, which then ends it and its process group.
 * Call `holdLifeline` on the child once spawned.
 */
export function withLifeline<T extends SpawnOptions>(options: T): T {
  const given: StdioOptions = options.stdio ?? 'pipe';
  const stdio = typeof given === 'string' ? [given, given, given] : [...given];
  while (stdio.length < LIFELINE_FD) stdio.push('ignore');
  stdio[LIFELINE_FD] = 'pipe';
  return { ...options, stdio, env: { ...(options.env ?? process.env), FLOW_LIFELINE_FD: String(LIFELINE_FD) } };
}

/** Keeps this end of the lifeline without letting it keep this process running, and closes it once the child is gone. */
export function holdLifeline(child: ChildProcess): void {
  const line = child.stdio[LIFELINE_FD] as Socket | null | undefined;
  line?.unref();
  child.once('exit', () => line?.destroy());
}
