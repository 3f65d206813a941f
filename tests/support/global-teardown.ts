import type { StackHandles } from './stack-env';

export default async function globalTeardown(): Promise<void> {
  const handles = (globalThis as { __flowStack?: StackHandles }).__flowStack;
  for (const stop of handles?.stop ?? []) await stop();
}
