/** The outcome of checking one URL: a status, never an exception (lychee's discipline). */
export interface LinkStatus {
  url: string;
  verdict: 'alive' | 'redirect' | 'dead' | 'unreachable' | 'blocked' | 'soft-404' | 'refused' | 'not-checked';
  /** The last HTTP status seen, if any. */
  status?: number;
  /** Where permanent redirects lead. */
  finalUrl?: string;
  /** What happened, for the message: `404 Not Found`, `timed out after 20 s`, `DNS name not found`. */
  detail: string;
  /** How many requests the check took. */
  attempts: number;
  /** Set when the answer came from the cache. */
  cached?: boolean;
  /** For dead and soft-404 links: the archived copy closest before the citation's date. */
  archived?: { url: string; date: string };
}
