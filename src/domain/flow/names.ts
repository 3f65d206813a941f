/**
 * The one rule every name follows (flow `id` and `name`, task and condition names, and the fields
 * that name a task): it must be visible text. As in AWS Step Functions' naming rules, that refuses
 * control characters (a name is printed in logs and errors, where they break lines or terminals),
 * unpaired surrogate halves (not text at all: they cannot be stored or printed faithfully), and
 * the bidirectional controls that make a name display as something other than what it is.
 * Ordinary spaces stay allowed: existing flows use names such as "Data processing flow".
 */

// eslint-disable-next-line no-control-regex -- control characters are what it finds
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const BIDI_CONTROL = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
// Without the `u` flag a regular expression sees UTF-16 code units, so a half of a pair can match.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

const RULES: ReadonlyArray<{ pattern: RegExp; what: string }> = [
  { pattern: CONTROL, what: 'a control character' },
  { pattern: LONE_SURROGATE, what: 'an unpaired surrogate' },
  { pattern: BIDI_CONTROL, what: 'a bidirectional control character' },
];

const codePoint = (unit: number): string => `U+${unit.toString(16).toUpperCase().padStart(4, '0')}`;

/** Why `name` is not visible text (`must not contain a control character (U+0007 at index 3)`), or undefined. */
export function nameProblem(name: string): string | undefined {
  let first: { index: number; what: string } | undefined;
  for (const { pattern, what } of RULES) {
    const match = pattern.exec(name);
    if (match && (!first || match.index < first.index)) first = { index: match.index, what };
  }
  if (!first) return undefined;
  return `must not contain ${first.what} (${codePoint(name.charCodeAt(first.index))} at index ${first.index})`;
}
