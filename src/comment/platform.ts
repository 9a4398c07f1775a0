/** What the comment behaviours need from a code host: list, create, edit and delete comments on one pull request. */

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
