// What topo shows of things the API returns in several calls (not wire names: those are in contract.ts).

/** Who a task is about: from its sequence run's contact. `--with-contact` adds it to machine output. */
export interface ContactSummary {
  id: string;
  name: string | null;
  title: string | null;
  company: string | null;
  email: string | null;
}
