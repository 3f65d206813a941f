/**
 * The forms a Lambda function may be named by, as Lambda's Invoke takes them (and Step Functions'
 * `FunctionName` with it): a name, `name:qualifier`, a partial ARN `<account>:function:<name>`,
 * or a full ARN `arn:<partition>:lambda:<region>:<account>:function:<name>`, the last two with an
 * optional `:<qualifier>` (an alias, a version number or `$LATEST`). The allow-list holds plain
 * names, so every form is reduced to its name to be checked.
 */
export interface LambdaFunctionRef {
  name: string;
  qualifier?: string;
  /** Only a full ARN says where the function is. */
  partition?: string;
  region?: string;
  account?: string;
}

const NAME = '([A-Za-z0-9_-]{1,64})';
const QUALIFIER = '(?::(\\$LATEST|[A-Za-z0-9_-]{1,128}))?';
const FULL_ARN = new RegExp(
  `^arn:(aws[a-z-]*):lambda:([a-z]{2}(?:-[a-z]+)+-\\d):(\\d{12}):function:${NAME}${QUALIFIER}$`,
);
const PARTIAL_ARN = new RegExp(`^(\\d{12}):function:${NAME}${QUALIFIER}$`);
const PLAIN = new RegExp(`^${NAME}${QUALIFIER}$`);

/** What a function reference says, or undefined when it is none of the forms Lambda takes. */
export function parseLambdaFunctionName(text: string): LambdaFunctionRef | undefined {
  const full = FULL_ARN.exec(text);
  if (full) {
    const [, partition, region, account, name, qualifier] = full;
    return { name: name!, ...(qualifier && { qualifier }), partition, region, account };
  }
  const partial = PARTIAL_ARN.exec(text);
  if (partial) {
    const [, account, name, qualifier] = partial;
    return { name: name!, ...(qualifier && { qualifier }), account };
  }
  const plain = PLAIN.exec(text);
  if (plain) return { name: plain[1]!, ...(plain[2] && { qualifier: plain[2] }) };
  return undefined;
}

/** A full function ARN (`arn:aws:lambda:<region>:<account>:function:<name>[:<qualifier>]`), as a Task's Resource names one. */
export function isLambdaFunctionArn(text: string): boolean {
  return FULL_ARN.test(text);
}

/** How the forms are written, for messages. */
export const LAMBDA_FUNCTION_NAME_FORMS =
  "a name, 'name:alias', '<account>:function:<name>' or 'arn:aws:lambda:<region>:<account>:function:<name>', the ARNs with an optional ':<alias or version>'";
