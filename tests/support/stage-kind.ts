/** Runs `work` as on a deployed AWS stage (FLOW_STAGE_KIND=aws), where nothing can be mocked. */
export function onAwsStage<T>(work: () => T): T {
  const before = process.env.FLOW_STAGE_KIND;
  process.env.FLOW_STAGE_KIND = 'aws';
  try {
    return work();
  } finally {
    if (before === undefined) delete process.env.FLOW_STAGE_KIND;
    else process.env.FLOW_STAGE_KIND = before;
  }
}
