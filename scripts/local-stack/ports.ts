import { createServer } from 'node:net';

/** A port that was free on loopback a moment ago (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** Thrown by a `waitFor` probe to stop waiting at once (the process it waits for has died). */
export class FatalWaitError extends Error {}

/**
 * Polls `probe` until it resolves true or `timeoutMs` passes. A probe that throws counts as "not
 * yet" (the server is still starting), unless it throws a FatalWaitError.
 */
export async function waitFor(what: string, probe: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ready = await probe().catch((error: unknown) => {
      if (error instanceof FatalWaitError) throw error;
      return false;
    });
    if (ready) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Fails with a message naming `variable` when something already listens on `port` (another
 * `npm start`, say). DynamoDB Local listens on every interface, hence no host for it; without this
 * check the stack would silently talk to whatever database already answers there.
 */
export function assertPortFree(port: number, variable: string, host?: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(
              `port ${port} is already in use (is another local stack running?); choose another with ${variable}=<port>`,
            )
          : error,
      ),
    );
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve()));
  });
}
