/**
 * JSONPath mode's input and output processing (Amazon States Language's InputPath, Parameters,
 * ResultSelector, ResultPath, OutputPath and the fields read through paths), as pure functions:
 * no AWS, no clock. docs/state-machines.md#jsonpath-mode describes them.
 */
export { JsonPathRuntimeError } from './jsonpath-runtime-error';
export { parsePath, parseReferencePath, pathProblem, referencePathProblem, type ReferenceStep } from './path-syntax';
export { type PathData, readPath, readReferencePath } from './path-reading';
export { inputPath, outputPath } from './input-output-paths';
export {
  type IntrinsicEvaluator,
  payloadTemplate,
  payloadTemplateProblems,
  type TemplateProblem,
} from './payload-template';
export { resultPath } from './result-path';
export { assignTemplate, assignTemplateProblems } from './assign-template';
export { type ContextObject, contextObject } from './context-object';
export {
  failTextFromPath,
  itemsFromPath,
  taskSecondsFromPath,
  waitSecondsFromPath,
  waitTimestampFromPath,
} from './state-field-paths';
