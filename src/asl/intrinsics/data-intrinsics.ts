import { createHash } from 'node:crypto';
import { HASH_ALGORITHMS } from '../../expressions';
import type { IntrinsicFunction } from './intrinsic-arguments';

/** Step Functions' limit on what States.Base64Encode, States.Base64Decode and States.Hash take. */
export const MAX_INTRINSIC_TEXT_LENGTH = 10_000;

/** Base64's alphabet with its padding; MIME lets line breaks stand between the groups. */
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Encoding, decoding and hashing text: the text is read and written as UTF-8. */
export const DATA_INTRINSICS = {
  /** `States.Base64Encode('Data to encode')` → `'RGF0YSB0byBlbmNvZGU='`. */
  Base64Encode: {
    parameters: ['text'],
    run: (args) => Buffer.from(args.string(0, MAX_INTRINSIC_TEXT_LENGTH), 'utf8').toString('base64'),
  },

  /** `States.Base64Decode('RGF0YSB0byBlbmNvZGU=')` → `'Data to encode'`. */
  Base64Decode: {
    parameters: ['base64 text'],
    run: (args) => {
      const encoded = args.string(0, MAX_INTRINSIC_TEXT_LENGTH).replace(/\r?\n/g, '');
      // Node's decoder skips what is not Base64; Step Functions refuses it, and so do we.
      // Padding is optional, but where it is written it must complete the last group of four.
      const padded = encoded.endsWith('=');
      if (!BASE64.test(encoded) || encoded.length % 4 === 1 || (padded && encoded.length % 4 !== 0)) {
        args.fail(0, 'must be Base64 text');
      }
      try {
        return utf8.decode(Buffer.from(encoded, 'base64'));
      } catch {
        return args.fail(0, 'must decode to UTF-8 text');
      }
    },
  },

  /** `States.Hash('input data', 'SHA-1')` → `'aaff4a450a104cd177d28d18d74485e8cae074b7'` (hex). */
  Hash: {
    parameters: ['data', 'algorithm'],
    run: (args) => {
      const data = args.string(0, MAX_INTRINSIC_TEXT_LENGTH);
      const algorithm = args.string(1);
      // Own keys only: `constructor` or `toString` must not find Object's.
      const nodeName = Object.hasOwn(HASH_ALGORITHMS, algorithm) ? HASH_ALGORITHMS[algorithm] : undefined;
      if (nodeName === undefined) return args.fail(1, `must be one of ${Object.keys(HASH_ALGORITHMS).join(', ')}`);
      return createHash(nodeName).update(data, 'utf8').digest('hex');
    },
  },
} satisfies Record<string, IntrinsicFunction>;
