/** Clock port: the services read the time only through it, so tests can skip time (a manual clock). */
export interface Clock {
  now(): Date;
}

/** The real clock. */
export const systemClock: Clock = { now: () => new Date() };
