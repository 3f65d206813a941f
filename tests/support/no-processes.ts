/**
 * The unit project starts no process: a unit test that spawns one (a child process, or esbuild's
 * service) fails here, saying where it belongs instead (tests/packaging, or a layer with services).
 * Function declarations, not constants: jest hoists the `jest.mock` calls above everything else.
 */
function refuse(what: string) {
  return () => {
    throw new Error(
      `${what} in a unit test: the unit project starts no process; move the test to tests/tooling or tests/integration`,
    );
  };
}

function childProcess(): Record<string, unknown> {
  const real = jest.requireActual<Record<string, unknown>>('node:child_process');
  const names = ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork'];
  return { ...real, ...Object.fromEntries(names.map((name) => [name, refuse(`child_process.${name}`)])) };
}

function esbuild(): Record<string, unknown> {
  return { build: refuse('esbuild.build'), buildSync: refuse('esbuild.buildSync'), context: refuse('esbuild.context') };
}

jest.mock('node:child_process', () => childProcess());
jest.mock('child_process', () => childProcess());
jest.mock('esbuild', () => esbuild());
