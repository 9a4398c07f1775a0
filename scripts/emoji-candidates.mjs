/**
 * Which UTF-16 code units an `emoji-regex` match always contains (scripts/build.mjs patches
 * cli-table3's string-width with it): a match is an astral emoji (surrogates), a sequence joined
 * by U+200D, a keycap (U+20E3), a character with U+FE0F, or one of the few BMP characters the
 * pattern matches alone, found here by testing every BMP code point. string-width replaces
 * every match on every call, so it compiles and runs a pattern of some 10 KB for every cell; a
 * string without any of these code units cannot match, and is measured without it.
 * test/render/string-width.test.ts checks the claim against the pattern.
 */
export function emojiCandidateClass(emojiRegex) {
  const re = emojiRegex();
  const singles = [];
  for (let c = 0; c < 0x10000; c++) {
    if (c >= 0xd800 && c <= 0xdfff) continue;
    re.lastIndex = 0;
    if (re.test(String.fromCharCode(c))) singles.push(c);
  }
  const hex = (c) => `\\u${c.toString(16).padStart(4, '0')}`;
  return `[${singles.map(hex).join('')}\\u200d\\u20e3\\ufe0f\\ud800-\\udfff]`;
}
