import type jsonata from 'jsonata';

/**
 * Bounds on one field's evaluation. JSONata has no loops, but a recursive function can run
 * forever (a tail call: only time grows) or nest without end (every level holds memory). Both
 * are stopped from jsonata's evaluation hooks, which it calls on entering and leaving every
 * sub-expression: throwing there aborts the evaluation where it stands.
 */
export interface EvaluationBounds {
  /** Wall-clock time for all the expressions of one template together. */
  timeLimitMs: number;
  /**
   * Evaluation frames in progress at once: the nesting depth of the evaluation, summed over
   * the branches jsonata evaluates concurrently (array constructors, group-by). Each frame holds
   * about 2 KB, so this bounds memory as well as recursion (a level of recursion takes ~3).
   */
  maxDepth: number;
}

export const DEFAULT_EVALUATION_BOUNDS: Readonly<EvaluationBounds> = { timeLimitMs: 1000, maxDepth: 30_000 };

export class BoundExceeded extends Error {
  constructor(readonly bound: 'time' | 'depth') {
    super(bound === 'time' ? 'evaluation time bound exceeded' : 'evaluation depth bound exceeded');
  }
}

/** One evaluation's counters. */
export class EvaluationGuard {
  private depth = 0;

  constructor(
    private readonly deadline: number,
    private readonly maxDepth: number,
  ) {}

  enter(): void {
    this.depth += 1;
    if (this.depth > this.maxDepth) throw new BoundExceeded('depth');
    if (Date.now() > this.deadline) throw new BoundExceeded('time');
  }

  exit(): void {
    this.depth -= 1;
    if (Date.now() > this.deadline) throw new BoundExceeded('time');
  }
}

/**
 * Where an evaluation's guard travels: a binding whose name no expression can write (a JSONata
 * variable name ends at the first space), so the hooks find the guard of the evaluation they
 * run in even when the same compiled expression is evaluated several times at once.
 */
export const GUARD_BINDING = 'evaluation guard';

/** jsonata 2.x looks its hooks up by these symbols (1.x used plain names, which 2.x ignores). */
const ENTRY_HOOK = Symbol.for('jsonata.__evaluate_entry');
const EXIT_HOOK = Symbol.for('jsonata.__evaluate_exit');

interface HookEnvironment {
  lookup(name: string): unknown;
}

const guardOf = (environment: HookEnvironment): EvaluationGuard | undefined => {
  const guard = environment.lookup(GUARD_BINDING);
  return guard instanceof EvaluationGuard ? guard : undefined;
};

export function installEvaluationHooks(expression: jsonata.Expression): void {
  // The typings only allow string names; jsonata's assign binds symbols just the same.
  const assign = expression.assign.bind(expression) as unknown as (name: symbol, value: unknown) => void;
  assign(ENTRY_HOOK, (_node: unknown, _input: unknown, environment: HookEnvironment) => guardOf(environment)?.enter());
  assign(EXIT_HOOK, (_node: unknown, _input: unknown, environment: HookEnvironment) => guardOf(environment)?.exit());
}
