import { useEffect, useState } from 'preact/hooks';

import { parseRoute, type Route } from './route-address';

export type { Route };

export function useRoute(): Route {
  const [hash, setHash] = useState(location.hash);
  useEffect(() => {
    const changed = () => setHash(location.hash);
    addEventListener('hashchange', changed);
    return () => removeEventListener('hashchange', changed);
  }, []);
  return parseRoute(hash);
}

/** A definition handed to the flow page (from a saved flow), read once when it opens. */
let editorDraft: string | undefined;

export function openInEditor(text: string): void {
  editorDraft = text;
  location.hash = '#/new';
}

export function takeEditorDraft(): string | undefined {
  const draft = editorDraft;
  editorDraft = undefined;
  return draft;
}
