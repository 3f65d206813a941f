import type { AslState } from './asl-definition';

/** The states a state may hand on to: its Next, its Choice rules and Default, its catchers. */
export function transitionsOf(state: AslState): string[] {
  const out: string[] = [];
  if ('Next' in state && typeof state.Next === 'string') out.push(state.Next);
  if (state.Type === 'Choice') {
    out.push(...state.Choices.map((rule) => rule.Next));
    if (state.Default !== undefined) out.push(state.Default);
  }
  if (state.Type === 'Task' || state.Type === 'Parallel' || state.Type === 'Map')
    out.push(...(state.Catch ?? []).map((c) => c.Next));
  return out;
}

/** Names of the states reachable from `startAt`, in the order the machine lists them. */
export function reachableStates(states: Record<string, AslState>, startAt: string): Set<string> {
  const seen = new Set<string>();
  const queue = [startAt];
  while (queue.length > 0) {
    const name = queue.pop()!;
    if (seen.has(name) || !Object.hasOwn(states, name)) continue;
    seen.add(name);
    queue.push(...transitionsOf(states[name]!));
  }
  return new Set(Object.keys(states).filter((name) => seen.has(name)));
}

/** Whether a state ends the execution: `End: true`, Succeed or Fail. */
export const isTerminal = (state: AslState): boolean =>
  state.Type === 'Succeed' || state.Type === 'Fail' || ('End' in state && state.End === true);
