// What topo shows of things the API returns in several calls (not wire names: those are in contract.ts).

/** Who a task is about: from its sequence run's contact. `--with-contact` adds it to machine output. */
export interface ContactSummary {
  id: string;
  name: string | null;
  title: string | null;
  company: string | null;
  email: string | null;
}

/** What happened to one task of a change: the per-task line of every report, whichever provider. */
export type Outcome = 'changed' | 'unchanged' | 'failed' | 'skipped-by-dry-run' | 'not-attempted';

export interface ItemResult {
  id: string;
  outcome: Outcome;
  status?: string | null;
  error?: string | null;
  /** Exit code class of the failure. */
  code?: number;
  [extra: string]: unknown;
}
