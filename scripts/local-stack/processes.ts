import type { ChildProcess } from 'node:child_process';

const hasExited = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null || child.pid === undefined;

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
