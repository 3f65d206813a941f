'use strict';
// Ends this process, and the process group it leads, once the process that started it is gone,
// however that one ended (SIGKILL included, which leaves it no chance to stop anything): it holds
// the other end of a pipe on the file descriptor named by FLOW_LIFELINE_FD, and the kernel closes
// that pipe when it dies. serverless offline loads this with `node --require`; supervise.cjs loads
// it for DynamoDB Local's JVM, which cannot. The parent side is in processes.ts.
const net = require('node:net');
const { isMainThread } = require('node:worker_threads');

/** Between SIGTERM and SIGKILL: `npm start` promises that nothing outlives it by more than a few seconds. */
const GRACE_MS = 2000;

function signalOurselves(name) {
  // Our process group if we lead one (started detached: serverless offline with esbuild, the JVM
  // with its supervisor), this process alone otherwise. A group that this pid does not lead does
  // not exist (ESRCH).
  for (const target of [-process.pid, process.pid]) {
    try {
      process.kill(target, name);
      return;
    } catch {
      /* try the next, or already gone */
    }
  }
}

function watchLifeline() {
  const fd = Number(process.env.FLOW_LIFELINE_FD);
  // Not inherited by what this process starts: a forked child's fd 3 is its IPC channel.
  delete process.env.FLOW_LIFELINE_FD;
  if (!isMainThread || !Number.isInteger(fd) || fd < 3) return;
  let line;
  try {
    line = new net.Socket({ fd, readable: true, writable: false });
  } catch {
    return; // not a pipe: started by hand, without a lifeline
  }
  let gone = false;
  const parentGone = () => {
    if (gone) return;
    gone = true;
    signalOurselves('SIGTERM');
    setTimeout(() => signalOurselves('SIGKILL'), GRACE_MS).unref();
  };
  line.on('end', parentGone);
  line.on('close', parentGone);
  line.on('error', parentGone);
  line.resume();
  // The pipe alone must not keep this process running.
  line.unref();
}

watchLifeline();
