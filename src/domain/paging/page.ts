/** A request for one page of a listing. */
export interface PageQuery {
  limit: number;
  /** Opaque; produced by a previous page of the same listing. */
  nextToken?: string;
}

/** One page of a listing; `nextToken` leads to the next page, if there is one. */
export interface Page<T> {
  items: T[];
  nextToken?: string;
}
