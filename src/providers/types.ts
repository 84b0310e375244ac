// The seam between topo's jobs and the APIs they run on (rclone's fs.Fs with its Features, in this
// code's terms). A provider is described by data (capabilities, words, refusals) that is cheap to
// load at start-up; its client, sandbox and mapping load lazily from src/providers/<name>/.
import type { OutputStream } from '../core/io.ts';
import type { Palette } from '../render/color.ts';

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
  /** With --sandbox: names for the sandbox's reps that work as aliases (the profile's win). */
  sandboxAliases(): Record<string, string>;
  /** The provider over the profile's client: every job's provider-side part (loaded when called). */
  connect(host: ProviderHost): Promise<TaskProvider>;
  /** `topo sandbox serve` for this provider (loaded when called). */
  serveSandbox(options: SandboxServeOptions): Promise<ServedSandbox>;
}

/** What a provider's pieces get from the run: its client (the provider's own type), aliases, and a note line on stderr. */
export interface ProviderHost {
  client(): Promise<unknown>;
  aliases: Record<string, string>;
  note(line: string): void;
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

/** A task as topo's jobs see it, whichever provider; `raw` is the wire object, what --json prints. */
export interface NormalTask {
  id: string;
  /** The group that must keep one rep (a sequence run, a prospect); null: the task moves alone. */
  group: string | null;
  owner: string | null;
  /** Open work (Topo: PENDING or IN_PROGRESS; Outreach: incomplete). */
  open: boolean;
  /** The provider's own status word, as the API wrote it. */
  status: string | null;
  hot: boolean;
  /** The task's type (Topo) or action (Outreach), and its priority's name, where known. */
  type?: string;
  priority?: string;
  /** When it is due (Outreach), else null. */
  due?: string | null;
  raw: Record<string, unknown>;
}

/** Who the work can go to at a prompt. */
export interface Person {
  id: string;
  open: number;
  /** Why this person cannot be given work (locked, departed); undefined when they can. */
  cannotTake?: string;
}

/**
 * A provider's part of moving work between reps (offboarding, and its plan files, journals, verify,
 * converge and undo). The job itself is written once, in src/cmd/tasks/reassign/offboard.ts.
 */
export interface Workforce {
  /** `--from`/`--to` text as a user id; `target` refuses who cannot be given work. Exit 2 when unknown. */
  resolveUser(text: string, flag: string, options?: { target?: boolean }): Promise<string>;
  /** A user as people read it: alias or name, never a bare id where a name is known. */
  name(id: string | null | undefined): string;
  /** The users to choose from at a prompt, with their open loads. */
  people(): Promise<Person[]>;
  /** Why a user cannot be given work now (locked), else undefined. */
  cannotTake(id: string): Promise<string | undefined>;
  openTasksOf(owner: string, filters: { types?: string[]; priorities?: string[] }): Promise<NormalTask[]>;
  /** Groups among `tasks` that hold every open task of the group: one call can move them (capabilities.groupMove). */
  wholeGroups(tasks: NormalTask[]): Promise<Set<string>>;
  /** Each user's open tasks now. */
  loads(users: string[]): Promise<Map<string, number>>;
  read(id: string): Promise<NormalTask>;
  /** One task (TASK) or its group (SEQUENCE, where groupMove) to `to`, read back on a refusal. */
  move(id: string, to: string, scope: 'TASK' | 'SEQUENCE', current?: NormalTask): Promise<import('../core/model.ts').ItemResult>;
  /** What `calls` changes cost against the rate limit the server stated, as a line; undefined: nothing to say. */
  estimate(calls: number): string | undefined;
}

/** What a dry run says of one change to one task. */
export interface ChangePreview {
  /** The call that would be sent (method, URL, body), or null when none would be. */
  would_send: string | null;
  note: string;
  /** The status the task would have after it (where the provider says). */
  would_become?: string | null;
}

/** The change verbs that take one task to another state (reassign is the Workforce's move). */
export type StateChange = Exclude<ChangeVerb, 'reassign'>;

/** A table of people (`users ls`): machine rows for --json and TSV, cells for people. */
export interface PeopleReport {
  /** The --json object. */
  json: Record<string, unknown>;
  /** One line per person for pipes, already in column order. */
  tsv: string[][];
  head: string[];
  /** Cells for a terminal (sanitized, coloured by the palette given). */
  rows: string[][];
  alignRight: number[];
}

/** One task to show in full: what --json prints, and the view for a terminal or a pipe. */
export interface ShownTask {
  json: Record<string, unknown>;
  render(stream: OutputStream, view: { tty: boolean; palette: Palette; now: number }): Promise<void>;
}

/**
 * Everything a job needs from one provider, over the profile's client. The jobs themselves (under
 * src/cmd/) are written once against this; what differs lives behind it.
 */
export interface TaskProvider extends Workforce {
  readonly spec: ProviderSpec;
  /** A dry run's line for one change. `task` as read now; `scope` SEQUENCE: the whole group (groupMove). */
  previewChange(task: NormalTask, verb: ChangeVerb, value?: string, scope?: 'TASK' | 'SEQUENCE'): ChangePreview;
  /** One state change, read back on a refusal (already there counts as done; an illegal one is exit 5). */
  applyChange(id: string, verb: StateChange, value: string | undefined, earlierAttemptUncertain: boolean): Promise<import('../core/model.ts').ItemResult>;
  /** Every open task of a group (any owner): what one whole-group move (capabilities.groupMove) takes. */
  groupOpenTasks(group: string): Promise<NormalTask[]>;
  /** `users ls`. */
  peopleReport(palette: Palette): Promise<PeopleReport>;
  /** `tasks show`: `people` when a person reads it (a terminal), `withContact` when asked for who it is about. */
  show(id: string, options: { people: boolean; withContact: boolean }): Promise<ShownTask>;
}
