/**
 * Tooling tests run the CLI through tsx, package the service, bundle it: each a process that
 * takes seconds on an idle 2-core machine and several times that on a loaded one. Their limit
 * leaves room for the loaded one.
 */
jest.setTimeout(120_000);
