// The Topo Tasks API contract (shared/seeds 000-003), in one place.
// The client, the sandbox and the renderers all import their wire names from here.
// Where the seed documents leave a detail open, the choice made is marked ASSUMPTION
// and repeated in the README's "Contract assumptions" section.

export const TASK_TYPES = ['EMAIL_REPLY', 'LINKEDIN_REPLY', 'NEW_LEAD_REVIEW', 'CALL'] as const;
export const PRIORITIES = ['HOT', 'TODAY', 'EXTRA'] as const;
export const STATUSES = ['PENDING', 'IN_PROGRESS', 'COMPLETED', 'SKIPPED'] as const;
export const OPEN_STATUSES = ['PENDING', 'IN_PROGRESS'] as const;
export const DISPOSITIONS = ['ANSWERED', 'VOICEMAIL_LEFT', 'NO_ANSWER'] as const;
export const REOPEN_REASONS = ['REMINDER_RULE'] as const;
export const SCOPES = ['TASK', 'SEQUENCE'] as const;
export const SORT_FIELDS = ['created_at', 'updated_at'] as const;
export const SORT_ORDERS = ['asc', 'desc'] as const;
export const CHANNELS = ['EMAIL', 'LINKEDIN', 'MANUAL', 'CALENDAR'] as const;
export const DIRECTIONS = ['INBOUND', 'OUTBOUND'] as const;

export type Scope = (typeof SCOPES)[number];

export const PAGE_SIZE_MIN = 1;
export const PAGE_SIZE_MAX = 100;
export const PAGE_SIZE_DEFAULT = 10;

export const SCOPE_READ = 'tasks:read';
export const SCOPE_WRITE = 'tasks:write';

export const DEFAULT_BASE_URL = 'https://api.topo.io';

export const paths = {
  tasks: '/v1/tasks',
  task: (id: string) => `/v1/tasks/${encodeURIComponent(id)}`,
  // ASSUMPTION: the seeds name the "List task messages" endpoint but not its path;
  // REST convention for a sub-collection of a task gives /v1/tasks/{id}/messages.
  messages: (id: string) => `/v1/tasks/${encodeURIComponent(id)}/messages`,
  skip: (id: string) => `/v1/tasks/${encodeURIComponent(id)}/skip`,
  reopen: (id: string) => `/v1/tasks/${encodeURIComponent(id)}/reopen`,
  assignee: (id: string) => `/v1/tasks/${encodeURIComponent(id)}/assignee`,
};

/** Query parameter names of GET /v1/tasks. Lists are sent as repeated keys. */
export const listParams = {
  page: 'page',
  size: 'size',
  sortBy: 'sort_by',
  sortOrder: 'sort_order',
  sequence: 'sequence_id',
  templates: 'sequence_template_ids',
  types: 'types',
  status: 'status',
  priorities: 'priorities',
  assignee: 'assignee_user_id',
  createdAfter: 'created_at_after',
  createdBefore: 'created_at_before',
} as const;

/** A task as the API returns it. Every field is optional on read: a server that omits one must not crash us. */
export interface Task {
  id: string;
  organization_id?: string;
  type?: string;
  priority?: string;
  status?: string;
  sequence_id?: string;
  assignee_user_id?: string | null;
  disposition?: string | null;
  reopened_at?: string | null;
  reopen_reason?: string | null;
  skipped_at?: string | null;
  completed_at?: string | null;
  created_at?: string;
  updated_at?: string;
  [field: string]: unknown;
}

/** Field order used when a task is printed in full. Unknown fields follow in the server's order. */
export const TASK_FIELDS = [
  'id', 'type', 'priority', 'status', 'assignee_user_id', 'sequence_id', 'organization_id',
  'disposition', 'reopened_at', 'reopen_reason', 'skipped_at', 'completed_at', 'created_at', 'updated_at',
] as const;

export interface TaskPage {
  items: Task[];
  total_count: number;
  total_pages: number;
  has_more: boolean;
}

/**
 * A thread message. ASSUMPTION: the seeds describe the fields but not their names; these are the
 * most plausible snake_case names. The renderer also looks at the alternatives below, so a server
 * that picked another common name still shows its time and sender.
 */
export interface Message {
  id?: string;
  channel?: string;
  direction?: string;
  subject?: string | null;
  body?: string | null;
  sent_at?: string | null;
  sender_user_id?: string | null;
  [field: string]: unknown;
}
export const MESSAGE_TIME_FIELDS = ['sent_at', 'timestamp', 'occurred_at', 'created_at', 'received_at'] as const;
export const MESSAGE_SENDER_FIELDS = ['sender_user_id', 'sent_by_user_id', 'user_id', 'sender'] as const;

export interface ReassignBody {
  assignee_user_id: string;
  scope: Scope;
}

/** Legal lifecycle transitions (seed 003). */
export const transitions = {
  skip: { from: ['PENDING', 'IN_PROGRESS'] as string[], to: 'SKIPPED' },
  reopen: { from: ['COMPLETED', 'SKIPPED'] as string[], to: 'PENDING' },
} as const;
export type Transition = keyof typeof transitions;

/**
 * ASSUMPTION: the seeds do not give the status of an illegal transition (skipping a COMPLETED task).
 * We expect 409 Conflict; 400 with a string detail is read the same way, since some FastAPI services
 * raise HTTPException(400) for it. Either way the client re-reads the task before judging.
 */
export const ILLEGAL_TRANSITION_STATUSES = [409, 400];

/**
 * ASSUMPTION: rate limiting answers 429 with Retry-After (seconds or HTTP-date). The optional
 * X-RateLimit-* headers (limit per window, remaining, reset as epoch seconds or seconds from now)
 * let the client pace itself before it is refused.
 */
export const rateLimitHeaders = {
  retryAfter: 'retry-after',
  limit: 'x-ratelimit-limit',
  remaining: 'x-ratelimit-remaining',
  reset: 'x-ratelimit-reset',
} as const;

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export function isUuid(value: string): boolean {
  return UUID_RE.test(value);
}

export function isOpenStatus(status: unknown): boolean {
  return status === 'PENDING' || status === 'IN_PROGRESS';
}
