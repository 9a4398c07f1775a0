/**
 * `a.localeCompare(b)` without starting ICU's collator when it can be answered exactly without it.
 * The first `localeCompare` of a process builds the collator (6–15 ms here), which was a tenth of
 * `sensitivity`'s run; its ties are dotted paths such as `pipeline.plan.input.system`.
 *
 * For strings made only of a-z, 0-9 and `_ - : . /`, the default (root) collation of English gives
 * each character one primary weight of its own, in the order `_ - : . / 0…9 a…z`, with no
 * contractions, expansions or case or accent differences: the strings compare as sequences of those
 * ranks, a prefix first. That holds for the English locales, which CLDR does not tailor; any other
 * default locale (others tailor letters: Danish "aa", Czech "ch"…), a locale given by keywords in
 * the environment, or any other character goes to `localeCompare` itself.
 * test/util/collate.test.ts compares both on every pair of short strings over the alphabet and on
 * random longer ones.
 */
const ORDER = '_-:./0123456789abcdefghijklmnopqrstuvwxyz';
const RANK = new Int8Array(128).fill(-1);
for (let i = 0; i < ORDER.length; i++) RANK[ORDER.charCodeAt(i)] = i;

let englishDefault: boolean | undefined;

/** Whether the default collation is English's (the root order): the default locale is en or en-XX, set without keywords. */
function rootOrder(): boolean {
  if (englishDefault === undefined) {
    // ICU reads the default locale from these; an `@keyword` (e.g. @collation=…) could tailor it
    const env = [process.env.LC_ALL, process.env.LC_MESSAGES, process.env.LANG];
    // PluralRules resolves the default locale without building a collator (~0.3 ms)
    englishDefault = !env.some((v) => v?.includes('@')) && /^en(-[A-Z]{2})?$/.test(new Intl.PluralRules().resolvedOptions().locale);
  }
  return englishDefault;
}

/** The ranks agree with the root collation on these characters only. */
function plain(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128 || RANK[c]! < 0) return false;
  }
  return true;
}

/** The sign of `a.localeCompare(b)` (−1, 0 or 1), exactly. */
export function localeCompare(a: string, b: string): number {
  if (!plain(a) || !plain(b) || !rootOrder()) return Math.sign(a.localeCompare(b));
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = RANK[a.charCodeAt(i)]! - RANK[b.charCodeAt(i)]!;
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return Math.sign(a.length - b.length);
}

/** For tests: forget what the default locale was found to be. */
export function resetCollateForTests(): void {
  englishDefault = undefined;
}
