/** Tests of bad input: the InputError a call throws. */
import { InputError } from '../../src/errors.js';

/** The InputError `fn` throws. Any other error is rethrown, and returning normally fails the test. */
export function inputErrorOf(fn: () => unknown): InputError {
  try {
    fn();
  } catch (err) {
    if (err instanceof InputError) return err;
    throw err;
  }
  throw new Error('expected an InputError');
}
