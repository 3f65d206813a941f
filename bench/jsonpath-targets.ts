/** The `jsonpath` section's targets (issue 25): a JSONPath step costs what a native step costs. */

import type { Target } from './fan-out-targets';

/** Per-step figures of one kind of step, measured in the same run as the other kind's. */
export interface StepCost {
  invocations_per_step: number;
  wcu_per_step: number;
  rcu_per_step: number;
  /** The execution's head item at its end. */
  head_bytes: number;
  /** Median in-process time of one step's handler work. */
  handler_ms_per_step: number;
  /** Median ms per step of executions run by serverless offline, as `engine_ms_per_step` is taken. */
  ms_per_step: number;
}

export interface JsonPathComparison {
  /** The bench's noop flow of as many steps, with the same input: what the targets compare with. */
  native: StepCost;
  /** The same flow handing on the machine's document through native `output` templates (JSONata). */
  native_data: StepCost;
  jsonpath: StepCost;
  /** JSONPath ÷ native per figure; `ms_per_step` paired by round (`pairedRatio`), the others of the figures. */
  ratios: Record<keyof StepCost, number>;
  /** JSONPath ÷ native_data, the same way. */
  ratios_to_native_data: Record<keyof StepCost, number>;
}

export const JSONPATH_LIMITS = {
  /**
   * Write and read units per step: the same as native. The 1 % covers only the figures' rounding
   * to three decimals (under 0.02 % of the section's 3.6 WCU); one unit more per 20-step execution
   * is already +1.4 % of its write units and +100 % of its read units (0.025 per step), so any
   * real extra unit fails.
   */
  capacityRatio: 1.01,
  /**
   * Time per step: paths and templates are evaluated in memory, tens of microseconds against
   * milliseconds of requests per step; 15 % is the spread of the paired ratio between two runs of
   * the same native flow (bench/README.md, "JSONPath steps beside native ones").
   */
  timeRatio: 1.15,
} as const;

export function jsonPathTargets(c: JsonPathComparison): Target[] {
  const both = (key: keyof StepCost) => `${c.jsonpath[key]} against ${c.native[key]} (${c.ratios[key]} ×)`;
  return [
    {
      target: 'jsonpath: as many Lambda invocations per step as native',
      pass: c.jsonpath.invocations_per_step === c.native.invocations_per_step,
      value: both('invocations_per_step'),
    },
    {
      target: `jsonpath: WCU per step ≤ ${JSONPATH_LIMITS.capacityRatio} × native`,
      pass: c.ratios.wcu_per_step <= JSONPATH_LIMITS.capacityRatio,
      value: both('wcu_per_step'),
    },
    {
      target: `jsonpath: RCU per step ≤ ${JSONPATH_LIMITS.capacityRatio} × native`,
      pass: c.ratios.rcu_per_step <= JSONPATH_LIMITS.capacityRatio,
      value: both('rcu_per_step'),
    },
    {
      target: `jsonpath: time per step ≤ ${JSONPATH_LIMITS.timeRatio} × native`,
      pass: c.ratios.ms_per_step <= JSONPATH_LIMITS.timeRatio,
      value: `${c.jsonpath.ms_per_step} against ${c.native.ms_per_step} ms (${c.ratios.ms_per_step} × paired by round)`,
    },
  ];
}

/** JSONPath ÷ native of each figure (NaN where native's is 0 and JSONPath's is not; 1 where both are 0). */
export function ratiosOf(native: StepCost, jsonpath: StepCost): Record<keyof StepCost, number> {
  const ratio = (key: keyof StepCost) => {
    if (native[key] === 0) return jsonpath[key] === 0 ? 1 : Number.NaN;
    return Math.round((jsonpath[key] / native[key]) * 1000) / 1000;
  };
  return {
    invocations_per_step: ratio('invocations_per_step'),
    wcu_per_step: ratio('wcu_per_step'),
    rcu_per_step: ratio('rcu_per_step'),
    head_bytes: ratio('head_bytes'),
    handler_ms_per_step: ratio('handler_ms_per_step'),
    ms_per_step: ratio('ms_per_step'),
  };
}
