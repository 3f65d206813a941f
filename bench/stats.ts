/** The p-th percentile (0..100) of `values`, nearest-rank; NaN for none. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1]!;
}

export const median = (values: readonly number[]): number => percentile(values, 50);

export const round = (value: number, digits = 2): number => Math.round(value * 10 ** digits) / 10 ** digits;

/** Runs `limit` of `items` at a time through `work`, keeping their order in the results. */
export async function pool<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await work(items[i]!, i);
      }
    }),
  );
  return results;
}

/**
 * Median of each sampler over `repetitions` rounds, after one warm-up sample each. Every round
 * takes one sample of each, starting one further along each time, so that load from elsewhere on
 * the machine lands on all of them alike: their ratios stay fair even when the machine is not quiet.
 */
export async function interleavedMedians<K extends string>(
  samplers: Record<K, () => Promise<number>>,
  repetitions: number,
): Promise<Record<K, number>> {
  return mediansOf(await interleavedSamples(samplers, repetitions));
}

/** Every sample of `interleavedMedians`, in the order taken, per sampler. */
export async function interleavedSamples<K extends string>(
  samplers: Record<K, () => Promise<number>>,
  repetitions: number,
): Promise<Record<K, number[]>> {
  const names = Object.keys(samplers) as K[];
  for (const name of names) await samplers[name]();
  const samples = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Record<K, number[]>;
  for (let round = 0; round < repetitions; round++) {
    for (let i = 0; i < names.length; i++) {
      const name = names[(round + i) % names.length]!;
      samples[name].push(await samplers[name]());
    }
  }
  return samples;
}

export const mediansOf = <K extends string>(samples: Record<K, number[]>): Record<K, number> =>
  Object.fromEntries(Object.entries<number[]>(samples).map(([name, values]) => [name, median(values)])) as Record<
    K,
    number
  >;

/**
 * The median, over the rounds, of `numerator`'s sample ÷ `denominator`'s sample of the same round.
 * The two were taken within a second of each other, so a drift of the machine's speed over a run
 * (seen here: a floor going from 2.5 to 3.3 ms per hop within one run) cancels out of each round's
 * ratio, where a ratio of the two medians would take each median from different moments.
 */
export function pairedRatio(numerator: readonly number[], denominator: readonly number[]): number {
  if (numerator.length !== denominator.length) throw new Error('paired samples must come from the same rounds');
  return median(numerator.map((value, round) => value / denominator[round]!));
}
