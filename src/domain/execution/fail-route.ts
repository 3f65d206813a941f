/**
 * How an execution that ended in `fail` got there: the routing decision that chose `fail`, and the
 * task it came after. No task failed to run: the flow itself said to fail (a Step Functions Fail
 * state), so a redrive has nothing to resume (src/service/execution-control.ts).
 */
export interface FailRoute {
  /** The task whose result was routed to `fail`. */
  after_task: string;
  /** `condition`: on its outcome; `choice` / `default`: a choice rule or the default; `catch`: a catcher of `after_task`. */
  by: 'condition' | 'choice' | 'default' | 'catch';
  /** The condition's name (not for `catch`). */
  condition?: string;
  /** The choice rule's or catcher's index. */
  rule?: number;
}

/** "ended in 'fail' by condition 'cleanup-routing' after task 'cleanup'", as the API, CLI and console word it. */
export function failRouteText(route: FailRoute): string {
  const by =
    route.by === 'catch'
      ? `catcher ${route.rule ?? 0} of task '${route.after_task}'`
      : route.by === 'choice'
        ? `rule ${route.rule ?? 0} of condition '${route.condition ?? '?'}'`
        : route.by === 'default'
          ? `the default of condition '${route.condition ?? '?'}'`
          : `condition '${route.condition ?? '?'}'`;
  return route.by === 'catch'
    ? `ended in 'fail' by ${by} after it failed`
    : `ended in 'fail' by ${by} after task '${route.after_task}'`;
}
