/**
 * The parts of zod/mini the schemas use, as the CLI bundle loads them (src/schema/zod.ts): the
 * build resolves zod.ts's `require('zod/mini')` to this module (scripts/build.mjs), so the bundle
 * holds zod's ES module build, shaken to these names, as it did when the schemas imported zod/mini
 * directly (a required namespace keeps every export: all of zod/mini, every locale). Tests and
 * other tools running the source get zod/mini itself. test/schema/zod-lazy.test.ts checks that
 * every `z.<name>` the sources use is here.
 */
import en from 'zod/v4/locales/en.js';

export {
  array, boolean, config, date, discriminatedUnion, enum, gt, gte, int, lazy, length, literal, lte, maxLength, minLength, multipleOf,
  nullable, number, optional, pipe, record, refine, regex, strictObject, string, superRefine, transform, union, unknown,
} from 'zod/mini';

/** zod/mini's `locales`, as far as zod.ts reads it. */
export const locales = { en };
