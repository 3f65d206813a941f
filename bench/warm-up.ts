import { readdirSync, readFileSync } from 'node:fs';

/**
 * CPU time (ms) used so far by a JVM's JIT compiler threads (HotSpot names them `C1 CompilerThread…`
 * and `C2 CompilerThread…`), read from /proc; undefined where there is no /proc or no such process.
 */
export function jitCpuMs(pid: number): number | undefined {
  try {
    let ticks = 0;
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      const stat = readFileSync(`/proc/${pid}/task/${task}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      if (!/^C\d CompilerThre/.test(name)) continue;
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // utime and stime, in clock ticks of 10 ms (USER_HZ is 100 on Linux).
      ticks += Number(fields[11]) + Number(fields[12]);
    }
    return ticks * 10;
  } catch {
    return undefined;
  }
}

export interface WarmUpPlan {
  /** CPU ms used so far by DynamoDB Local's JIT (`jitCpuMs` of its JVM); absent or undefined where it cannot be watched. */
  jitCpu?: () => number | undefined;
  /** Rounds always run, and rounds run where the JIT cannot be watched. */
  minRounds: number;
  maxRounds: number;
  /** The JIT counts as settled once its threads used less than this share of a round, twice in a row. */
  settledShare: number;
  log: (line: string) => void;
}

export interface WarmUp {
  rounds: number;
  /** The JIT's share of the last round's time, when it could be watched. */
  jit_share?: number;
}

/**
 * Runs `round` (every measured workload once or more) until DynamoDB Local's JIT has settled.
 * Measured here: HotSpot's C2 compiler kept one core about 25-45 % busy for the first 20-30 s of
 * steps and chains (some 8,000 requests), on a machine of two cores that also runs serverless
 * offline, whose own JIT warms up over the same time; steps then took about a third less time. A
 * bench that measures in that phase measures the JIT's competition for the cores, and the engine,
 * which sends larger and more varied requests, meets more of it than the floors.
 */
export async function warmUp(round: () => Promise<void>, plan: WarmUpPlan): Promise<WarmUp> {
  let settledRounds = 0;
  let share: number | undefined;
  for (let rounds = 1; ; rounds++) {
    const jitBefore = plan.jitCpu?.();
    const started = performance.now();
    await round();
    const jitAfter = plan.jitCpu?.();
    share =
      jitBefore === undefined || jitAfter === undefined
        ? undefined
        : (jitAfter - jitBefore) / (performance.now() - started);
    settledRounds = share !== undefined && share < plan.settledShare ? settledRounds + 1 : 0;
    const watched = share !== undefined;
    if (rounds >= plan.minRounds && (!watched || settledRounds >= 2)) return done(rounds, share);
    if (rounds >= plan.maxRounds) {
      plan.log(`bench: the JIT had not settled after ${rounds} warm-up rounds (last ${pct(share)}); measuring anyway`);
      return done(rounds, share);
    }
  }

  function done(rounds: number, jitShare: number | undefined): WarmUp {
    plan.log(
      `bench: warmed up in ${rounds} rounds${jitShare === undefined ? '' : `; DynamoDB Local's JIT used ${pct(jitShare)} of the last`}`,
    );
    return { rounds, ...(jitShare !== undefined && { jit_share: Math.round(jitShare * 1000) / 1000 }) };
  }
}

const pct = (share: number | undefined) => (share === undefined ? 'unknown' : `${Math.round(share * 100)} %`);
