import { jitCpuMs, warmUp } from '../../bench/warm-up';

/** A round of about 5 ms, and a JIT that used `perRound[i]` ms of CPU in round i (0 once past the list). */
function scripted(perRound: number[]) {
  let used = 0;
  let round = 0;
  const lines: string[] = [];
  return {
    lines,
    round: async () => {
      used += perRound[round++] ?? 0;
      await new Promise((r) => setTimeout(r, 5));
    },
    jitCpu: () => used,
    rounds: () => round,
    log: (line: string) => lines.push(line),
  };
}

const plan = { minRounds: 3, maxRounds: 10, settledShare: 0.05 };

describe('the bench warm-up', () => {
  it('runs until the JIT used under the settled share of two rounds in a row', async () => {
    const s = scripted([50, 50, 50, 50]);
    const result = await warmUp(s.round, { ...plan, jitCpu: s.jitCpu, log: s.log });
    expect(result).toEqual({ rounds: 6, jit_share: 0 });
    expect(s.lines).toEqual(["bench: warmed up in 6 rounds; DynamoDB Local's JIT used 0 % of the last"]);
  });

  it('starts counting again when the JIT wakes up between quiet rounds', async () => {
    const s = scripted([50, 0, 50, 0, 0]);
    expect((await warmUp(s.round, { ...plan, jitCpu: s.jitCpu, log: s.log })).rounds).toBe(5);
  });

  it('runs the fixed rounds where the JIT cannot be watched', async () => {
    const s = scripted([]);
    expect(await warmUp(s.round, { ...plan, log: s.log })).toEqual({ rounds: 3 });
    const unreadable = scripted([]);
    expect(await warmUp(unreadable.round, { ...plan, jitCpu: () => undefined, log: unreadable.log })).toEqual({
      rounds: 3,
    });
  });

  it('measures anyway after the most rounds, and says so', async () => {
    const s = scripted(Array.from({ length: 20 }, () => 50));
    const result = await warmUp(s.round, { ...plan, jitCpu: s.jitCpu, log: s.log });
    expect(result.rounds).toBe(10);
    expect(s.lines[0]).toMatch(/had not settled after 10 warm-up rounds/);
  });

  it("reads a JVM's compiler threads from /proc: none in this process, nothing for a process that is gone", () => {
    expect(jitCpuMs(process.pid)).toBe(0);
    expect(jitCpuMs(2 ** 22 + 1)).toBeUndefined();
  });
});
