import { QUERY_LANGUAGE } from './asl-definition';

/** The two data languages of Amazon States Language, and the default when none is given. */
export const QUERY_LANGUAGES = ['JSONata', 'JSONPath'] as const;
export type QueryLanguage = (typeof QUERY_LANGUAGES)[number];
export const DEFAULT_QUERY_LANGUAGE: QueryLanguage = 'JSONPath';

const isQueryLanguage = (value: unknown): value is QueryLanguage =>
  (QUERY_LANGUAGES as readonly unknown[]).includes(value);

/** A machine's language (absent: JSONPath, as Step Functions reads it); undefined when it names neither. */
export function machineLanguage(machine: { QueryLanguage?: unknown }): QueryLanguage | undefined {
  if (machine.QueryLanguage === undefined) return DEFAULT_QUERY_LANGUAGE;
  return isQueryLanguage(machine.QueryLanguage) ? machine.QueryLanguage : undefined;
}

/**
 * A state's language: its own QueryLanguage, else its machine's. A state inside a Parallel or Map
 * reads its top-level machine's, as Step Functions does. A state may choose JSONata in a JSONPath
 * machine, not JSONPath in a JSONata one (the import checks this, `jsonPathInJsonata`).
 */
export function languageOf(state: { QueryLanguage?: unknown }, machine: QueryLanguage): QueryLanguage {
  return isQueryLanguage(state.QueryLanguage) ? state.QueryLanguage : machine;
}

export const isJsonataLanguage = (language: QueryLanguage): boolean => language === QUERY_LANGUAGE;
