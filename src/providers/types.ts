// The seam between topo's jobs and the APIs they run on (rclone's fs.Fs with its Features, in this
// code's terms). A provider is described by data (capabilities, words, refusals) that is cheap to
// load at start-up; its client, sandbox and mapping load lazily from src/providers/<name>/.

/** The changes topo makes to one task. Which a provider has is capability data. */
export type ChangeVerb = 'skip' | 'reopen' | 'complete' | 'snooze' | 'reschedule' | 'reassign';

/** Why a command or flag does not exist on a provider, and what to use instead. */
export interface Refusal {
  why: string;
  instead?: string;
}

export interface FlagRefusal extends Refusal {
  /** The option's key as commander reads it (`dueBefore`), and the flag as typed (`--due-before`). */
  key: string;
  flag: string;
}

/** A task id as this provider writes it. */
export interface IdKind {
  valid(id: string): boolean;
  /** "task UUID", "Outreach task id (a positive integer)" */
  noun: string;
}

/** What a provider can do, as data: commands refuse from it before any request is sent. */
export interface Capabilities {
  /** Commands (`tasks skip`, `tasks thread`, ...) the provider does not have. */
  lacks: Readonly<Record<string, Refusal>>;
  /** Filter flags it does not have. */
  lacksFlags: readonly FlagRefusal[];
  /** How listings page: by number (offset) or by a cursor the server hands out. */
  paging: 'offset' | 'cursor';
  /** One call can move a whole group (Topo's SEQUENCE scope). */
  groupMove: boolean;
  /** Offboarding may leave some task types or priorities with the rep (--types/--priorities). */
  offboardFilters: boolean;
}

/**
 * The group of tasks that must stay with one rep: a Topo sequence run (one contact), an Outreach
 * prospect. `field` is the name plans and journals give it.
 */
export interface GroupWords {
  field: 'sequence_id' | 'prospect_id';
  /** "sequence run", "prospect" */
  noun: string;
  /** The preview's column heading. */
  column: string;
  /** "open" work on Topo, "incomplete" on Outreach. */
  openWord: string;
}

export interface ProviderSpec {
  /** The word `--provider`, `TOPO_PROVIDER` and `config set provider` take. */
  name: string;
  /** How messages name it: "Topo", "Outreach". */
  title: string;
  defaultBaseUrl: string;
  /** How a profile proves itself: one API key, or OAuth tokens (access, refresh, client secret). */
  credentials: 'api-key' | 'oauth';
  taskIds: IdKind;
  /** A user id as the API writes it (journals and plan files are checked with it). */
  userIds: (id: string) => boolean;
  capabilities: Capabilities;
  groups: GroupWords;
  /** Prefix of this provider's files in the config folder (sandbox state, journals): '' for the first provider. */
  filePrefix: string;
  /** Where a script goes instead of triage's one-key-at-a-time loop. */
  scriptsInsteadOfTriage: string;
  /** `topo sandbox serve` for this provider (loaded when called). */
  serveSandbox(options: SandboxServeOptions): Promise<ServedSandbox>;
}

/** `topo sandbox serve`'s flags, for whichever provider's sandbox. */
export interface SandboxServeOptions {
  port: number;
  seed?: number;
  tasks?: number;
  latency?: number;
  rateLimit?: number;
  failRate?: number;
  errors?: 'topo' | 'fastapi';
  tokenTtl?: number;
  stateFile: string;
}

/** A sandbox serving on loopback: its URL, the lines that tell a person how to use it, and its end. */
export interface ServedSandbox {
  url: string;
  banner: string[];
  /** Flags given that this sandbox does not use: each a note, never an error. */
  ignored: string[];
  close(): Promise<void>;
}
