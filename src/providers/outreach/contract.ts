// Outreach's Task API contract (shared/seeds/004 and shared/outreach-api.md), in one place. The
// client, the Outreach-shaped sandbox and the renderers import their wire names from here. Where the
// documents leave a detail open, the choice is marked ASSUMPTION and repeated in the README's
// "Outreach" section.

export const PROVIDERS = ['topo', 'outreach'] as const;
export type Provider = (typeof PROVIDERS)[number];

export const OUTREACH_BASE_URL = 'https://api.outreach.io/api/v2';
/** The token endpoint sits beside the API, not below it: https://api.outreach.io/oauth/token. */
export const OUTREACH_TOKEN_PATH = '/oauth/token';
export const OUTREACH_API_PATH = '/api/v2';
/** JSON:API: requests carry this content type; a plain application/json body gets 415. */
export const JSONAPI_MEDIA_TYPE = 'application/vnd.api+json';

export const TASK_STATES = ['pending', 'incomplete', 'complete'] as const;
/** Open work: Outreach's "incomplete" (due, actionable). "pending" tasks wait for an earlier sequence step. */
export const OPEN_STATE = 'incomplete';
export const TASK_ACTIONS = ['action_item', 'call', 'email', 'in_person'] as const;
export const OUTREACH_TASK_TYPES = [
  'follow_up', 'manual', 'no_reply', 'sequence_open', 'sequence_click', 'sequence_step_call', 'sequence_step_email',
  'sequence_step_linkedin_interact_with_post', 'sequence_step_linkedin_other', 'sequence_step_linkedin_send_connection_request',
  'sequence_step_linkedin_send_message', 'sequence_step_linkedin_view_profile', 'sequence_step_sms', 'sequence_step_task', 'touch',
] as const;

/**
 * `--status` on an Outreach profile, mapped to `filter[state]` (README "Outreach"): PENDING and
 * IN_PROGRESS are Topo's open work, Outreach's incomplete; COMPLETED is complete; SKIPPED has no
 * Outreach state (refused); `open` is incomplete.
 */
export const STATUS_TO_STATE: Record<string, string | undefined> = {
  PENDING: 'incomplete',
  IN_PROGRESS: 'incomplete',
  COMPLETED: 'complete',
  SKIPPED: undefined,
  open: 'incomplete',
};

/** `--sort` words to the API's sort values; a leading '-' is descending. */
export const SORT_VALUES = { due: 'dueAt', created: 'createdAt', updated: 'updatedAt' } as const;
export const SORT_WORDS = ['due', '-due', 'created', '-created', 'updated', '-updated'] as const;

export const OUTREACH_PAGE_SIZE_MAX = 1000;
export const OUTREACH_PAGE_SIZE_DEFAULT = 50;

/** Query parameter names. Filters on relationships are `filter[<rel>][id]`; ranges `a..b` with `inf`/`-inf` open ends. */
/** Requests at once for reads: pages of id ranges, counts per user. */
export const OUTREACH_CONCURRENCY = 10;

export const outreachParams = {
  pageSize: 'page[size]',
  pageAfter: 'page[after]',
  sort: 'sort',
  include: 'include',
  state: 'filter[state]',
  action: 'filter[action]',
  owner: 'filter[owner][id]',
  prospect: 'filter[prospect][id]',
  sequence: 'filter[sequence][id]',
  dueAt: 'filter[dueAt]',
  createdAt: 'filter[createdAt]',
  id: 'filter[id]',
  email: 'filter[email]',
  locked: 'filter[locked]',
  count: 'count',
} as const;

export const outreachPaths = {
  /** ASSUMPTION: the API root answers who the token belongs to in `meta.user` (and the token's scopes in `meta.token.scopes` where given). */
  root: '/',
  tasks: '/tasks',
  task: (id: string) => `/tasks/${encodeURIComponent(id)}`,
  action: (id: string, action: TaskAction) => `/tasks/${encodeURIComponent(id)}/actions/${action}`,
  users: '/users',
  prospects: '/prospects',
  taskPriorities: '/taskPriorities',
};

/** The task actions topo sends, each with its one query argument (none for snooze). */
export const TASK_ACTION_PARAMS = {
  markComplete: 'actionParams[completionNote]',
  reassignOwner: 'actionParams[ownerId]',
  reschedule: 'actionParams[dueAt]',
  snooze: undefined,
  updateNote: 'actionParams[note]',
} as const;
export type TaskAction = keyof typeof TASK_ACTION_PARAMS;

export const RATE_LIMIT_PER_HOUR = 10_000;

/** One JSON:API resource as it travels. */
export interface Resource {
  type?: string;
  id?: number | string;
  attributes?: Record<string, unknown>;
  relationships?: Record<string, { data?: { type?: string; id?: number | string } | Array<{ type?: string; id?: number | string }> | null } | undefined>;
  links?: unknown;
  meta?: unknown;
}

export interface ResourceList {
  data?: Resource[];
  included?: Resource[];
  links?: { next?: string | null; [name: string]: unknown };
  meta?: { count?: number; [name: string]: unknown };
}

/**
 * A task as topo prints it: the resource flattened to one object: `id` and `type`, every attribute
 * under its own name, and each relationship as `<name>Id` (to-one) or `<name>Ids` (to-many).
 * Unknown attributes and relationships pass through the same way.
 */
export interface OutreachTask {
  id: number | string;
  type?: string;
  action?: string;
  taskType?: string;
  state?: string;
  dueAt?: string | null;
  scheduledAt?: string | null;
  completed?: boolean;
  completedAt?: string | null;
  note?: string | null;
  createdAt?: string;
  updatedAt?: string;
  ownerId?: number | string | null;
  prospectId?: number | string | null;
  sequenceId?: number | string | null;
  taskPriorityId?: number | string | null;
  [field: string]: unknown;
}

/** Field order of a task printed in full; unknown fields follow. */
export const OUTREACH_TASK_FIELDS = [
  'id', 'type', 'action', 'taskType', 'state', 'dueAt', 'ownerId', 'prospectId', 'sequenceId', 'taskPriorityId', 'note',
  'scheduledAt', 'completed', 'completedAt', 'createdAt', 'updatedAt', 'stateChangedAt',
] as const;

export interface OutreachUser {
  id: number | string;
  firstName?: string | null;
  lastName?: string | null;
  email?: string | null;
  locked?: boolean | null;
  [field: string]: unknown;
}

export interface OutreachProspect {
  id: number | string;
  firstName?: string | null;
  lastName?: string | null;
  /** ASSUMPTION: the prospect's company name is its `company` attribute (else its account's `name`). */
  company?: string | null;
  title?: string | null;
  [field: string]: unknown;
}

export interface TaskPriority {
  id: number | string;
  name?: string | null;
  /** ASSUMPTION: a higher weight is more urgent; the name decides where there is no weight. */
  weight?: number | null;
  [field: string]: unknown;
}

/** What the API root says of the token (ASSUMPTION, see outreachPaths.root). */
export interface TokenOwner {
  user?: { id?: number | string; email?: string | null; firstName?: string | null; lastName?: string | null; [field: string]: unknown };
  scopes?: string[];
}

/** Scopes are `resource.read|write|all`; a task change needs tasks.write or tasks.all. */
export function canWriteTasks(scopes: readonly string[]): boolean {
  return scopes.includes('tasks.write') || scopes.includes('tasks.all');
}

/** The documented error body: {errors: [{id, title, detail, source?}]}. */
export interface JsonApiError {
  id?: string;
  title?: string;
  detail?: string;
  source?: unknown;
  [field: string]: unknown;
}

/** An Outreach profile's OAuth tokens as stored (keyring or the 0600 config file; never printed). */
export interface OAuthTokens {
  accessToken?: string;
  /** Epoch ms; unknown for a token given as it is. */
  expiresAt?: number;
  /** The lifetime the token endpoint gave, in seconds (sets how early to refresh). */
  expiresIn?: number;
  refreshToken?: string;
  clientId?: string;
  clientSecret?: string;
  redirectUri?: string;
}

/** The OAuth token answer. */
export interface TokenAnswer {
  access_token?: string;
  refresh_token?: string;
  expires_in?: number;
  token_type?: string;
  scope?: string;
}

/** Outreach ids are positive integers. */
export function isOutreachId(value: string): boolean {
  return /^[1-9]\d{0,17}$/.test(value);
}

/** Flattens one JSON:API resource (see OutreachTask). */
export function flatten(resource: Resource): Record<string, unknown> & { id: number | string } {
  // The attributes by spread, not one by one: an object given more than a dozen properties by
  // computed name turns into a dictionary, which V8 flattens and stringifies ~3× slower (measured,
  // 50,000 tasks: 131 → 31 ms to flatten, 135 → 58 ms to print). The resource's id and type win
  // over attributes of those names, and keep their places first.
  const flat: Record<string, unknown> = { id: resource.id as number | string, type: resource.type, ...resource.attributes };
  flat.id = resource.id;
  flat.type = resource.type;
  // Each relationship's key named once: a 50,000-task export flattens 300,000 of them.
  const relationships = resource.relationships ?? {};
  for (const name in relationships) {
    if (!Object.hasOwn(relationships, name)) continue;
    const data = relationships[name]?.data;
    if (Array.isArray(data)) flat[relationKeys(name).ids] = data.map((item) => item?.id ?? null);
    else if (data === null) flat[relationKeys(name).id] = null;
    else if (data && typeof data === 'object') flat[relationKeys(name).id] = data.id ?? null;
  }
  return flat as Record<string, unknown> & { id: number | string };
}

const KEYS = new Map<string, { id: string; ids: string }>();
/** `owner` → `ownerId` / `ownerIds`, made once per relationship name (bounded: names are the API's). */
function relationKeys(name: string): { id: string; ids: string } {
  let keys = KEYS.get(name);
  if (!keys) {
    keys = { id: `${name}Id`, ids: `${name}Ids` };
    if (KEYS.size < 1000) KEYS.set(name, keys);
  }
  return keys;
}

/** A person's display name from first and last name, or their email. */
export function personName(person: { firstName?: unknown; lastName?: unknown; email?: unknown } | undefined): string | undefined {
  if (!person) return undefined;
  const name = [person.firstName, person.lastName].filter((part) => typeof part === 'string' && part.trim()).join(' ');
  return name || (typeof person.email === 'string' && person.email ? person.email : undefined);
}
