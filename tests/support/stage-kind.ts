/**
 * Runs `work` as on a deployed AWS stage (FLOW_STAGE_KIND=aws), where nothing can be mocked; the
 * variable is put back when `work` ends, or, when it answers a promise, once that settles.
 */
export function onAwsStage<T>(work: () => T): T {
  const before = process.env.FLOW_STAGE_KIND;
  const restore = () => {
    if (before === undefined) delete process.env.FLOW_STAGE_KIND;
    else process.env.FLOW_STAGE_KIND = before;
  };
  process.env.FLOW_STAGE_KIND = 'aws';
  let result: T;
  try {
    result = work();
  } catch (error) {
    restore();
    throw error;
  }
  if (result instanceof Promise) return result.finally(restore) as T;
  restore();
  return result;
}
