import { createHash } from 'node:crypto';
import type { FlowDefinition } from './flow-definition';

/** Content hash of a validated definition: equal definitions share it, so caches can key on it. */
export const definitionHash = (flow: FlowDefinition): string =>
  createHash('sha256').update(JSON.stringify(flow), 'utf8').digest('hex');
