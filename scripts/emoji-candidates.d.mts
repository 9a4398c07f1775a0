/** Types for scripts/emoji-candidates.mjs (used by the tests). */
export declare function emojiCandidateClass(emojiRegex: () => RegExp): string;
