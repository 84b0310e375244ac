// The seam between topo's jobs and the APIs they run on (rclone's fs.Fs with its Features, in this
// code's terms). A provider is described by data (capabilities, words, refusals) that is cheap to
// load at start-up; its client, sandbox and mapping load lazily from src/providers/<name>/.
import type { OutputStream } from '../core/io.ts';
import type { ItemResult } from '../core/model.ts';
import type { Query } from '../http/url.ts';
import type { WireResponse } from '../http/transport.ts';
import type { Palette } from '../render/color.ts';
import type { ListLayout } from '../render/tasks.ts';
import type { EmbeddedSandbox, Fact, HttpSettings, Identity, Login, ProviderClient, ProviderHost, SandboxServeOptions, Secret, SecretStorage, ServedSandbox } from './host-types.ts';

export * from './host-types.ts';

/** `--status open`: PENDING and IN_PROGRESS, which the API cannot ask for in one query. */
export const OPEN = 'open';

/** The stats row of everyone not counted one by one (the unassigned, reps topo knows no name for). */
export const OTHERS = 'others';

/** The task filter flags as commander reads them (each provider maps them to its API, or refuses). */
export interface FilterFlags {
  status?: string;
  types?: string[];
  priorities?: string[];
  assignee?: string;
  sequence?: string;
  template?: string[];
  createdAfter?: string;
  createdBefore?: string;
  sort?: string;
  order?: string;
  /** Outreach's own filters (refused on Topo profiles). */
  state?: string;
  owner?: string;
  action?: string[];
  dueBefore?: string;
  dueAfter?: string;
}

declare const queryBrand: unique symbol;
/** Filter flags as one provider's query: made by its `query`, handed back to its listings as it is. */
export type TaskQuery = { readonly [queryBrand]: true };

/** What `tasks stats` can group by. */
export const DIMENSIONS = ['assignee', 'type', 'priority', 'status', 'template', 'age'] as const;
export type Dimension = (typeof DIMENSIONS)[number];
/** What a provider counts; age is read from the tasks themselves (cmd/tasks/shared/age.ts). */
export type CountDimension = Exclude<Dimension, 'age'>;

export interface StatsCell {
  key: string | null;
  then_key?: string | null;
  count: number;
}

export interface StatsResult {
  by: Dimension;
  then: Dimension | null;
  /** How the numbers were obtained, and with how many calls. */
  source: { method: 'count-queries' | 'full-listing'; calls?: number; detail?: string };
  cells: StatsCell[];
  total: number;
}

/** Counts with what a person needs to read them: names for keys, the values' own order, headings. */
export interface Counted {
  result: StatsResult;
  /** A person-readable name for a key (an alias, a user's or a template's name); undefined: the key itself. */
  nameOf(dim: Dimension, key: string): string | undefined;
  /** Dimensions whose keys are ids with names: scripts get `<dim>_name` (JSON) or a NAME column (TSV) beside them. */
  named: Dimension[];
  /** Keys that exist with no task counted (the known reps): shown with 0, for a lead looking for who has room. */
  known: Partial<Record<Dimension, string[]>>;
}

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
  /** What such an id looks like, for flag errors: "UUID (8-4-4-4-12 hex digits)". */
  shape: string;
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
  /** `tasks stats --by` dimensions it cannot group by. */
  lacksDimensions: Readonly<Partial<Record<Dimension, Refusal>>>;
  /** The change that takes each change back (undo), null where none can (Outreach cannot reopen). */
  inverse: Readonly<Partial<Record<StateChange, StateChange | null>>>;
  /** The word for a status a change leads to, in summaries ("SKIPPED" → "skipped"). */
  pastTense: Readonly<Record<string, string>>;
  /** Each dimension's values in their own order (HOT, TODAY, EXTRA), where the provider knows them. */
  dimensionOrder: Readonly<Partial<Record<Dimension, readonly string[]>>>;
  /** The provider's own word for a dimension, for table headings ("owner" for assignee). */
  dimensionWords: Readonly<Partial<Record<Dimension, string>>>;
  /**
   * What a task's age is (`stats --by age`, `tasks sla`): time since creation, or time past its due
   * time where it has one (else since creation).
   */
  ageBasis: 'created' | 'overdue';
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

/** The flags whose values are a provider's words. */
export type VocabularyKey = 'status' | 'types' | 'priorities' | 'state' | 'action' | 'sort' | 'scope';

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
  /** The documented task fields (`--fields` matches them whatever the case). */
  taskFields: readonly string[];
  /** The wire field holding a task's assignee (null when nobody has it: `--assignee none`). */
  assigneeField: string;
  /** Tasks per page: the API's bounds and what topo asks for by default. */
  pageSize: { min: number; max: number; default: number };
  /** The values its flags take, where they are its own words (the flags accept the union, each provider refuses what it lacks). */
  vocabulary: Readonly<Partial<Record<VocabularyKey, readonly string[]>>>;
  /** Prefix of this provider's files in the config folder (sandbox state, journals): '' for the first provider. */
  filePrefix: string;
  /** Where a script goes instead of triage's one-key-at-a-time loop. */
  scriptsInsteadOfTriage: string;
  /** With --sandbox: names for the sandbox's reps that work as aliases (the profile's win). */
  sandboxAliases(): Record<string, string>;
  /**
   * The sandbox's public demo credentials (`sandbox serve` prints them): with one of them in
   * TOPO_API_KEY the demo reps' names work as aliases too, as with --sandbox. No real workspace has one.
   */
  isDemoSecret(raw: string): boolean;
  /** The provider over the profile's client: every job's provider-side part (loaded when called). */
  connect(host: ProviderHost): Promise<TaskProvider>;
  /** How a profile proves itself to this provider, and where that is kept. */
  secret: SecretStorage;
  /** The provider's API client for a base URL and a secret; `persist` keeps a secret the client renews. */
  client(options: ClientOptions): Promise<ProviderClient>;
  /** An embedded sandbox for --sandbox, its state in `stateFile`. */
  embeddedSandbox(stateFile: string): Promise<EmbeddedSandbox>;
  /** What `auth status` says of a stored secret (masked), before asking the API. */
  describeSecret(secret: Secret | undefined, sandbox: boolean): Fact[];
  /** `auth login`'s provider side (loaded when called). */
  login(): Promise<Login>;
  /** `topo sandbox serve` for this provider (loaded when called). */
  serveSandbox(options: SandboxServeOptions): Promise<ServedSandbox>;
}

/** A client's base URL and secret; `persist` keeps a secret the client renews, `reload` reads the stored one again (another process may have renewed it). */
export interface ClientOptions {
  baseUrl: string;
  secret?: Secret;
  http: HttpSettings;
  progress?: unknown;
  persist?: (secret: Secret) => Promise<void>;
  reload?: () => Promise<Secret | undefined>;
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
  /** When it was created (RFC 3339), where the API says. */
  created?: string | null;
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
  /** The open tasks of `owner` (null: of everyone, the workspace's whole open work); `types` are the provider's kinds (Topo types, Outreach actions). */
  openTasksOf(owner: string | null, filters: { types?: string[]; priorities?: string[] }): Promise<NormalTask[]>;
  /** Open tasks in the workspace, and how many a listing page holds: what listing them all would cost. */
  openCount(): Promise<{ tasks: number; pageSize: number }>;
  /** Groups among `tasks` that hold every open task of the group: one call can move them (capabilities.groupMove). */
  wholeGroups(tasks: NormalTask[]): Promise<Set<string>>;
  /**
   * Every open task of each group, whoever holds it (who shares a group with whom: a rebalance never
   * splits one). `open`: what openCount() said, when the caller asked already (it is not asked again).
   */
  openTasksOfGroups(groups: string[], open?: { tasks: number; pageSize: number }): Promise<Map<string, NormalTask[]>>;
  /** Each user's open tasks now. */
  loads(users: string[]): Promise<Map<string, number>>;
  read(id: string): Promise<NormalTask>;
  /** One task (TASK) or its group (SEQUENCE, where groupMove) to `to`, read back on a refusal. */
  move(id: string, to: string, scope: 'TASK' | 'SEQUENCE', current?: NormalTask): Promise<ItemResult>;
  /** What `calls` changes cost against the rate limit the server stated, as a line; undefined: nothing to say. */
  estimate(calls: number): string | undefined;
}

/** A task's conversation (`tasks thread`): the wire messages, and how people read them. */
export interface Conversation {
  messages(id: string): Promise<unknown[]>;
  /** Who the conversation is with, as one line; undefined when unknown. */
  about(id: string): Promise<string | undefined>;
  render(messages: unknown[], stream: OutputStream, view: { palette: Palette; tty: boolean; now: number; width?: number; contactName?: string }): Promise<void>;
}

/** Any endpoint of the API, for `topo api`. */
export interface RawApi {
  send(request: { method: string; path: string; query?: Query; body?: unknown; rawBody?: string; headers?: Record<string, string> }): Promise<WireResponse>;
  /** Every page of a listing endpoint, items in order. */
  pages(path: string, query: Query, headers?: Record<string, string>): AsyncIterable<unknown[]>;
  /** The error a failed answer means (the server's words, status, request id). */
  errorOf(response: WireResponse, request: { method: string; path: string }): Error;
}

/** What `tasks ls` asks of a listing. */
export interface ListRequest {
  /** Page number (offset paging only; 1 otherwise). */
  page: number;
  /** Tasks per page asked for (undefined: the provider's default, or the profile's page size). */
  size?: number;
  /** Every task (`--all`), or the first `limit` (`--limit`); neither: one page. */
  all: boolean;
  limit?: number;
  /** A person reads a table: names are side-loaded, who each task is about looked up. */
  people: boolean;
  /** Machine output gains who each task is about (`contact`). */
  withContact: boolean;
  /** Listing progress on stderr (off when rows stream onto the same terminal). */
  progress: boolean;
  palette: Palette;
  width?: number;
  /** The profile's page size, if set. */
  profilePageSize?: number;
}

/** What every provider's list view has (each adds its own lookups). */
export interface ListView {
  palette: Palette;
  width?: number;
  contactOf?: unknown;
}

/** Rows as they arrive, how a table of them is laid out, and what is known of the whole once read. */
export interface Listing {
  batches: AsyncIterable<Array<Record<string, unknown>>>;
  layout: ListLayout<ListView>;
  view: ListView;
  /** Default columns for pipes with --with-contact, where the provider adds who a task is about. */
  contactFields?: string[];
  /** The matching total, once the first page said it. */
  total(): number | undefined;
  /** More pages after the one shown (offset paging), once read. */
  more(): boolean | undefined;
  totalPages(): number | undefined;
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
  /** One record per person (--csv). */
  records: Array<Record<string, unknown>>;
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
  /** The filter flags as this provider's query (validated; names resolved). Flags it lacks were refused before. */
  query(flags: FilterFlags): Promise<TaskQuery>;
  /** Who the API says the credential belongs to, asked once per run. */
  identity(): Promise<Identity>;
  /** A dry run's line for one change. `task` as read now; `scope` SEQUENCE: the whole group (groupMove). */
  previewChange(task: NormalTask, verb: ChangeVerb, value?: string, scope?: 'TASK' | 'SEQUENCE'): ChangePreview;
  /** One state change, read back on a refusal (already there counts as done; an illegal one is exit 5). */
  applyChange(id: string, verb: StateChange, value: string | undefined, earlierAttemptUncertain: boolean): Promise<ItemResult>;
  /** Every open task of a group (any owner): what one whole-group move (capabilities.groupMove) takes. */
  groupOpenTasks(group: string): Promise<NormalTask[]>;
  /** `tasks stats`: open tasks (or those `query` names) counted by one or two dimensions, the cheapest way this API allows. */
  count(query: TaskQuery, by: CountDimension, then: CountDimension | undefined): Promise<Counted>;
  /** `tasks ls`: one page, or every page (`all`) or the first `limit` tasks, in the order asked for. */
  list(query: TaskQuery, request: ListRequest): Listing;
  /** `tasks triage`'s queue: the tasks the query names (open ones unless it says), most urgent first. */
  queue(query: TaskQuery): Promise<NormalTask[]>;
  /** One triage card: who or what the task is about, and its lines (sanitized). */
  card(task: NormalTask, view: { palette: Palette; width: number }): Promise<{ about: string | undefined; lines: string[] }>;
  /** Starts fetching what the next cards will show. */
  prefetch(tasks: NormalTask[]): void;
  /** The task's conversation as lines, where the provider has threads (capabilities.lacks 'tasks thread' otherwise). */
  thread(task: NormalTask, view: { palette: Palette; width: number; about?: string }): Promise<string[]>;
  /** Whether `verb` applies to the task as it is (skip an open task, reopen a closed one...). */
  allows(task: NormalTask, verb: ChangeVerb): boolean;
  /** The task as a change left it, from the change's result (no second read). */
  afterChange(task: NormalTask, verb: ChangeVerb, result: ItemResult, value?: string): NormalTask;
  /** `tasks thread`: where the provider keeps a conversation per task (capabilities.lacks 'tasks thread' otherwise). */
  conversation?: Conversation;
  /** `topo api`: any endpoint, where the provider offers it (capabilities.lacks 'api' otherwise). */
  raw?: RawApi;
  /** `users ls`. */
  peopleReport(palette: Palette): Promise<PeopleReport>;
  /** `tasks show`: `people` when a person reads it (a terminal), `withContact` when asked for who it is about. */
  show(id: string, options: { people: boolean; withContact: boolean }): Promise<ShownTask>;
}
