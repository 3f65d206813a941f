/**
 * JSONata expressions in flow fields, as Step Functions' JSONata query language writes them:
 * templates whose `{% … %}` strings are evaluated against `$states` and the flow's variables.
 */
export { compileTemplate, evaluateTemplate } from './template';
export type {
  CompiledTemplate,
  ExpressionBindings,
  ExpressionProblem,
  TemplateCompileOutcome,
  TemplateNode,
} from './template';
export { isExpression } from './template-syntax';
export { buildStatesContext } from './states-binding';
export type { ContextFacts, StatesBinding, StatesContext } from './states-binding';
export {
  isValidVariableName,
  variableNameProblem,
  MAX_VARIABLE_NAME_LENGTH,
  RESERVED_VARIABLE_NAME,
} from './variable-names';
export { ExpressionEvaluationError } from './expression-error';
export type { EvaluationFailure } from './expression-error';
export { DEFAULT_EVALUATION_BOUNDS } from './evaluation-bounds';
export type { EvaluationBounds } from './evaluation-bounds';
export type { ExpressionReferences } from './references';
export { DEFAULT_HASH_ALGORITHM, HASH_ALGORITHMS, MAX_RANGE_ITEMS } from './extra-functions';
export type { JsonObject, JsonValue } from './json-value';
