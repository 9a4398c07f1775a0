/** What the comment behaviours need from a code host: list, create, edit and delete comments on one pull request. */
import { ApiError } from './http.js';

export interface RemoteComment {
  id: string;
  body: string;
  url: string | null;
}

export interface Platform {
  /** "GitHub" or "GitLab". */
  name: string;
  /** Where the comment goes, for messages: "owner/repo#12". */
  target: string;
  /** Longest body the platform accepts. */
  maxChars: number;
  /** Every comment on the pull request, oldest first. */
  list(): Promise<RemoteComment[]>;
  create(body: string): Promise<RemoteComment>;
  update(id: string, body: string): Promise<RemoteComment>;
  remove(id: string): Promise<void>;
}

/** Pages of comments read at most (100 comments a page). */
export const MAX_PAGES = 100;
/** Comments (GitLab: notes, system notes included) read at most on one pull request. */
export const MAX_COMMENTS = 10_000;

/**
 * Count one more page of `n` comments, refusing a pull request with more than MAX_COMMENTS: a
 * cut-off list could miss our comment and make `update` post a duplicate, so it is an error, never
 * a silent truncation. (Callers add a page item by item: a spread of a huge page overflows the stack.)
 */
export function countPage(seen: number, n: number, where: string, method: string, path: string): number {
  if (seen + n > MAX_COMMENTS) {
    const fmt = (x: number) => x.toLocaleString('en-US');
    throw new ApiError(`${where}: more than ${fmt(MAX_COMMENTS)} comments (this page alone has ${fmt(n)}); aifinops reads at most ${fmt(MAX_COMMENTS)}`, 'too-many', null, method, path);
  }
  return seen + n;
}

/** The pull request has more pages than aifinops reads. */
export function tooManyPages(where: string, method: string, path: string): ApiError {
  return new ApiError(`${where}: more than ${MAX_PAGES} pages of comments; aifinops reads at most ${MAX_PAGES}`, 'too-many', null, method, path);
}
