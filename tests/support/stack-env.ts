export const TEST_STAGE = 'test';

export interface StackHandles {
  stop: Array<() => Promise<void>>;
}

/** An address the global setup published; fails loudly if the stack was not started. */
export function stackEnv(
  name: 'FLOW_TEST_API_URL' | 'FLOW_TEST_OFFLINE_LOG' | 'DYNAMODB_ENDPOINT' | 'TABLE_NAME' | 'FLOW_TEST_API_KEY',
): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: this test needs the local stack (do not set FLOW_TEST_STACK=none)`);
  return value;
}
