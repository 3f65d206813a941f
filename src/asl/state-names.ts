import { MAX_STATE_NAME_LENGTH } from './asl-definition';

/**
 * Hands out state names, unique within one state machine and at most Step Functions' 80
 * characters: a name already taken (or too long) gets a numbered suffix.
 */
export class StateNames {
  private readonly taken = new Set<string>();

  allocate(wanted: string): string {
    for (let n = 1; ; n++) {
      const suffix = n === 1 ? '' : ` ${n}`;
      const candidate = [...wanted].slice(0, MAX_STATE_NAME_LENGTH - suffix.length).join('') + suffix;
      if (!this.taken.has(candidate)) {
        this.taken.add(candidate);
        return candidate;
      }
    }
  }
}
