import type { Clock } from '../../src/ports/clock';

/** A clock the test moves forward, so leases, grace periods and deadlines pass without waiting. */
export class TestClock implements Clock {
  offsetMs = 0;
  now() {
    return new Date(Date.now() + this.offsetMs);
  }
}
