import { type ExecutionPath, type NodeState, timesTaken } from './execution-path';
import { END_NODE, FAIL_NODE, type FlowGraph, type GraphTask } from './flow-graph';

/** Colours as in a Step Functions console: green done, red failed, blue running, amber waiting, purple where a stop caught it, grey not reached. */
const CLASS_DEFS: Record<NodeState, string> = {
  succeeded: 'fill:#d9f2dd,stroke:#1e7b34,color:#0b3d17',
  failed: 'fill:#fbdcdc,stroke:#b3261e,color:#5c0f0b',
  running: 'fill:#dbe8fb,stroke:#1a56b3,color:#0b2a5c',
  waiting: 'fill:#fdf0d2,stroke:#a86b00,color:#4d3100',
  stopped: 'fill:#f1e4f7,stroke:#6a1b9a,color:#38006b',
  not_reached: 'fill:#eeeeee,stroke:#9e9e9e,color:#555555',
  pending: 'fill:#ffffff,stroke:#9e9e9e,color:#333333',
};

/**
 * Mermaid's label syntax gives meaning to `:`, `;`, `#`, quotes, brackets and line breaks: every
 * character but letters, digits, spaces and `-_.,()×` is written as an entity code (`#58;`), which
 * Mermaid renders as the character itself. Task names are visible text, so nothing is lost.
 */
export function mermaidText(text: string): string {
  return [...text].map((c) => (/^[\p{L}\p{N} _.,()×-]$/u.test(c) ? c : `#${c.codePointAt(0)};`)).join('');
}

/**
 * A Mermaid state diagram of the flow; with an execution's path, each task coloured by its state
 * and each edge the execution took marked `✔` (with how often, when more than once). Task ids are
 * `t0`, `t1`, … in the graph's order (the flow's own tasks first), so no name can break the
 * syntax; the names are the labels. A map or parallel task is a composite state holding its
 * sub-flows, a parallel's branches as concurrent regions (separated by `--`); inside, `[*]` is
 * the sub-flow's own start and end, and `g<n>_fail` its own fail.
 */
export function toMermaid(graph: FlowGraph, path?: ExecutionPath): string {
  const taskIds = new Map(graph.tasks.map((t, i) => [t.id, `t${i}`]));
  const groups = new Map(graph.groups.map((g, i) => [g.id, { ...g, failId: `g${i}_fail` }]));
  // Where an edge leads: a task, or the end (`[*]`) or fail of the flow or sub-flow it is drawn in.
  const ids = new Map(taskIds);
  for (const g of groups.values()) ids.set(g.end, '[*]').set(g.fail, g.failId);
  ids.set(END_NODE, '[*]').set(FAIL_NODE, 'Failed');
  const id = (node: string) => ids.get(node)!;
  const lines = ['stateDiagram-v2'];
  const scope = (group: string | undefined, indent: string, start: string) => {
    const tasks = graph.tasks.filter((t) => t.group === group);
    const edges = graph.edges.filter((e) => e.group === group);
    for (const task of tasks) {
      lines.push(`${indent}${taskIds.get(task.id)}: ${mermaidText(taskLabel(task))}`);
      if (!task.fan_out) continue;
      lines.push(`${indent}state ${taskIds.get(task.id)} {`);
      task.fan_out.groups.forEach((inner, i) => {
        if (i > 0) lines.push(`${indent}  --`);
        scope(inner, `${indent}  `, groups.get(inner)!.start);
      });
      lines.push(`${indent}}`);
    }
    const fail = group === undefined ? FAIL_NODE : groups.get(group)!.fail;
    if (edges.some((e) => e.to === fail)) lines.push(`${indent}${id(fail)}: fail`);
    lines.push(`${indent}[*] --> ${id(start)}`);
    for (const edge of edges) {
      const times = path ? timesTaken(path, edge) : 0;
      const mark = times === 0 ? '' : times === 1 ? ' ✔' : ` ✔ ×${times}`;
      lines.push(`${indent}${id(edge.from)} --> ${id(edge.to)}: ${mermaidText(edge.label)}${mark}`);
    }
  };
  scope(undefined, '  ', graph.start);
  if (path) {
    const byState = new Map<NodeState, string[]>();
    for (const [task, state] of path.states) byState.set(state, [...(byState.get(state) ?? []), taskIds.get(task)!]);
    for (const [state, style] of Object.entries(CLASS_DEFS))
      if (byState.has(state as NodeState)) lines.push(`  classDef ${state} ${style}`);
    for (const [state, members] of byState) lines.push(`  class ${members.join(',')} ${state}`);
    if (path.partial)
      lines.push('  %% only the first steps of a very long execution were read: the marks show part of its path');
  }
  return `${lines.join('\n')}\n`;
}

/** `name (type)`; a map says how it runs its items. */
function taskLabel(task: GraphTask): string {
  const fanOut = task.fan_out;
  return fanOut?.kind === 'map'
    ? `${task.name} (map, for each item, at most ${fanOut.max_concurrency} at once)`
    : `${task.name} (${task.task_type})`;
}
