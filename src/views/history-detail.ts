import { truncateUtf8 } from '../domain/execution/execution-state';

/** Details are bounded: an error in a history event is cut to this many bytes. */
export const MAX_DETAIL_TEXT = 256;

export const cutDetail = (text: string): string => truncateUtf8(text, MAX_DETAIL_TEXT).text;
