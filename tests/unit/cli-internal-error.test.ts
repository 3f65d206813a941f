import { internalErrorLine } from '../../src/cli/internal-error';

describe('an error no command reports itself', () => {
  it('is one line naming it, with how to see the stack trace, which only FLOW_DEBUG shows', () => {
    const bug = new TypeError("Cannot read properties of undefined (reading 'status')\nmore detail");
    expect(internalErrorLine(bug)).toBe(
      "internal error: Cannot read properties of undefined (reading 'status') (a bug or a broken installation; FLOW_DEBUG=1 prints the stack trace)",
    );
    expect(internalErrorLine(bug, true)).toContain('\n    at ');
    expect(internalErrorLine('plain')).toMatch(/^internal error: plain \(/);
  });
});
