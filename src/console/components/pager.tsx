/**
 * Back and forth through a list the API pages with `next_token`: `tokens` holds the token of every
 * page up to this one (undefined for the first), so going back needs no token of its own.
 */
export function Pager({
  tokens,
  next,
  onChange,
  labels = ['← Previous', 'Next →'],
}: {
  tokens: Array<string | undefined>;
  next: string | null | undefined;
  onChange: (tokens: Array<string | undefined>) => void;
  labels?: [string, string];
}) {
  return (
    <nav class="pager">
      <button type="button" disabled={tokens.length < 2} onClick={() => onChange(tokens.slice(0, -1))}>
        {labels[0]}
      </button>
      <span>page {tokens.length}</span>
      <button type="button" disabled={!next} onClick={() => next && onChange([...tokens, next])}>
        {labels[1]}
      </button>
    </nav>
  );
}
