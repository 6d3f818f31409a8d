/** What `stream-rss.ts` prints; resident set sizes are in KiB, as Linux reports them. */
export interface StreamRssResult {
  readonly bytes: number;
  readonly seconds: number;
  /** The peak before connecting: Node itself plus the loaded modules. */
  readonly baselineRssKb: number;
  /** The peak over the whole run. */
  readonly peakRssKb: number;
}
