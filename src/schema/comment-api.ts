/**
 * What `aifinops comment` accepts from the code hosts' REST APIs (issue 13): every reply is
 * checked against these before it is used, so a truncated, HTML or wrong-shaped answer is an error
 * instead of "posted comment undefined", or an empty list that makes `update` post a duplicate.
 * Objects are loose (the APIs send many more fields); only the fields aifinops reads are checked.
 */
import * as z from 'zod';

// zod's settings for every schema (jitless: each runs once per process), set when zod/mini is loaded
// too (schema/zod.ts): a classic schema may parse before any mini schema is built
z.config({ jitless: true });

/** A comment or note id: a positive whole number (GitHub ids pass 2^32; they stay below 2^53). */
const id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/** GitHub issue comment (REST v3 `issues/comments`). */
export const githubCommentSchema = z.object({
  id,
  body: z.string().nullish(),
  html_url: z.string().max(2000).nullish(),
});
export type GithubComment = z.infer<typeof githubCommentSchema>;

/** GitLab merge-request note (REST v4 `merge_requests/:iid/notes`). */
export const gitlabNoteSchema = z.object({
  id,
  body: z.string().nullish(),
  system: z.boolean().nullish(),
});
export type GitlabNote = z.infer<typeof gitlabNoteSchema>;

/** GitLab's `X-Next-Page` header: empty on the last page, else the next page number. */
export const gitlabNextPageSchema = z.union([z.literal(''), z.string().regex(/^[1-9]\d{0,5}$/)]);

export const githubCommentListSchema = z.array(githubCommentSchema);
export const gitlabNoteListSchema = z.array(gitlabNoteSchema);
