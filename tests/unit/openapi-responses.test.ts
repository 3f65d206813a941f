import type { z } from 'zod';
import * as R from '../../src/http/openapi/response-schemas';
import type { childrenView } from '../../src/views/children-view';
import type { executionView } from '../../src/views/execution-view';
import type { flowStatusView } from '../../src/views/flow-status-view';
import type { savedFlowSummaryView, savedFlowView, savedVersionView } from '../../src/views/saved-flow-view';

/**
 * The answers' schemas in the OpenAPI document are written beside the views that build the
 * answers; these checks are compiled by tsc (npm test runs it): a field added to, removed from or
 * retyped in a view without its schema, or the other way round, is a type error here.
 */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/** The view's value fits the schema, and both name the same fields. */
type Documents<View, Schema extends z.ZodType, ExtraInSchema extends PropertyKey = never> = [View] extends [
  z.output<Schema>,
]
  ? Same<keyof View, Exclude<keyof z.output<Schema>, ExtraInSchema>>
  : false;

const checks = {
  // Start, stop and redrive add `message` (and redrive `location`) to the execution view.
  execution: true as Documents<ReturnType<typeof executionView>, typeof R.ExecutionSchema, 'message' | 'location'>,
  children: true as Documents<ReturnType<typeof childrenView>, typeof R.ChildrenSchema>,
  flowStatus: true as Documents<ReturnType<typeof flowStatusView>, typeof R.FlowStatusSchema>,
  savedFlowSummary: true as Documents<
    ReturnType<typeof savedFlowSummaryView>,
    (typeof R.SavedFlowListSchema)['shape']['flows']['element']
  >,
  savedVersion: true as Documents<ReturnType<typeof savedVersionView>, typeof R.SavedVersionSchema>,
  savedFlow: true as Documents<ReturnType<typeof savedFlowView>, typeof R.SavedFlowSchema>,
} satisfies Record<string, true>;

describe('the documented answers', () => {
  it('match the views that build them (checked by the compiler)', () => {
    expect(Object.values(checks).every((ok) => ok)).toBe(true);
  });
});
