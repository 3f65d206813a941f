import type { MockConfigParse } from '../domain/mocks/mock-config';

/**
 * Where the local stack's mock configuration comes from (SFN_MOCK_CONFIG, docs/testing-with-mocks.md):
 * read when an execution starts with a test case and when a mocked state runs, so an edited file
 * applies to the next execution without a restart. Absent on AWS stages, which refuse mocks.
 */
export interface MockConfigSource {
  /** The configuration as it is now, or every problem of the file with its path. */
  read(): MockConfigParse;
  /** Where it is read from, for messages. */
  readonly location: string;
}
