/**
 * An example function for the `invoke_lambda` task type (flows/invoke-lambda.json): deployed with
 * the stack and in its default allow-list. It greets `name`; refuses with a named error when asked
 * to (`refuse`), which a flow catches by that name; and can take `delay_ms` to show a task timeout.
 */
export class GreetingRefused extends Error {
  override name = 'GreetingRefused';
}

export const handler = async (event: {
  name?: unknown;
  refuse?: unknown;
  delay_ms?: unknown;
}): Promise<{ greeting: string }> => {
  const name = typeof event?.name === 'string' ? event.name : 'world';
  if (event?.refuse === true) throw new GreetingRefused(`not greeting ${name} today`);
  const delay = typeof event?.delay_ms === 'number' ? Math.min(event.delay_ms, 30_000) : 0;
  if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
  return { greeting: `Hello, ${name}!` };
};
