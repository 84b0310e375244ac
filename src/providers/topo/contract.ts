// The Topo API contract (shared/seeds 000-003 and shared/topo-api.md), in one place.
// The client, the sandbox and the renderers all import their wire names from here.
// Where the documents leave a detail open, the choice made is marked ASSUMPTION
// and repeated in the README's "The API contract" section.

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
export const SCOPE_SEQUENCES_READ = 'sequences:read';
export const SCOPE_CONTACTS_READ = 'contacts:read';

/** The documented base URL includes the version; a base URL given without it gets it appended. */
export const API_VERSION_PATH = '/v1';
export const DEFAULT_BASE_URL = 'https://api.topo.io/v1';

/** Paths below the versioned base URL. */
export const paths = {
  me: '/me',
  tasks: '/tasks',
  task: (id: string) => `/tasks/${encodeURIComponent(id)}`,
  messages: (id: string) => `/tasks/${encodeURIComponent(id)}/messages`,
  // ASSUMPTION (topo-api.md): the skip page is not available; POST /tasks/{id}/skip is the pattern.
  skip: (id: string) => `/tasks/${encodeURIComponent(id)}/skip`,
  reopen: (id: string) => `/tasks/${encodeURIComponent(id)}/reopen`,
  assignee: (id: string) => `/tasks/${encodeURIComponent(id)}/assignee`,
  // ASSUMPTION (topo-api.md): GET /sequences/{id} follows the REST pattern of the other resources.
  sequence: (id: string) => `/sequences/${encodeURIComponent(id)}`,
  contact: (id: string) => `/contacts/${encodeURIComponent(id)}`,
  templates: '/sequence-templates',
  template: (id: string) => `/sequence-templates/${encodeURIComponent(id)}`,
};

/** GET /v1/me: the API key itself (not a person). */
export interface KeyInfo {
  id?: string;
  organization_id?: string;
  name?: string | null;
  key_prefix?: string | null;
  scopes?: string[];
  last_used_at?: string | null;
  created_at?: string | null;
  [field: string]: unknown;
}

/** A sequence run: one live run of a template for one contact. */
export interface SequenceRun {
  id: string;
  contact_id?: string | null;
  sequence_template_id?: string | null;
  status?: string;
  [field: string]: unknown;
}

/** Every field but id may be null. Everything in it comes from outside the company. */
export interface Contact {
  id: string;
  first_name?: string | null;
  last_name?: string | null;
  email?: string | null;
  job_title?: string | null;
  company_name?: string | null;
  [field: string]: unknown;
}

export interface SequenceTemplate {
  id: string;
  name?: string | null;
  status?: string;
  [field: string]: unknown;
}

/**
 * The documented error envelope: {status_code, type, message, data, request_id}. FastAPI's
 * {"detail": ...} is still read (proxies and older deployments answer with it).
 */
export const errorEnvelope = {
  status: 'status_code',
  type: 'type',
  message: 'message',
  data: 'data',
  requestId: 'request_id',
} as const;
export const ERROR_TYPES = {
  validation: 'ValidationIssue',
  unauthorized: 'UnauthorizedIssue',
  notFound: 'NotFoundIssue',
  commit: 'CommitIssue',
  business: 'BusinessIssue',
} as const;
/** ASSUMPTION: a request id header on every answer is not documented; this common name is shown by --debug when present. */
export const REQUEST_ID_HEADER = 'x-request-id';

/** Query parameter names of the paginated lists. Lists are sent as repeated keys. */
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
  templateName: 'name',
  contactEmail: 'email',
  contactLinkedin: 'linkedin_url',
  contactId: 'contact_id',
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
 * A thread message (topo-api.md): the outbound sender is `sender_id`, null for inbound. The
 * renderer also looks at older or alternative names, so a server that used another common name
 * still shows its time and sender.
 */
export interface Message {
  id?: string;
  channel?: string;
  direction?: string;
  subject?: string | null;
  body?: string | null;
  sent_at?: string | null;
  sender_id?: string | null;
  [field: string]: unknown;
}
export const MESSAGE_TIME_FIELDS = ['sent_at', 'timestamp', 'occurred_at', 'created_at', 'received_at'] as const;
export const MESSAGE_SENDER_FIELDS = ['sender_id', 'sender_user_id', 'sent_by_user_id', 'user_id'] as const;

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
 * ASSUMPTION (topo-api.md): which of 409/422 an illegal transition returns is not documented; the
 * descriptions point to 422 BusinessIssue. Both are read the same way: the task is read back and
 * judged by its status, so a 422 for another business rule (a non-member assignee) stays exit 1.
 */

/**
 * ASSUMPTION: rate limiting answers 429 with Retry-After (seconds or HTTP-date). The optional
 * X-RateLimit-* headers (limit per window, remaining, reset as epoch seconds or seconds from now)
 * let the client pace itself before it is refused. The names are the HTTP core's, which both
 * providers share (src/http/throttle.ts).
 */

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export function isUuid(value: string): boolean {
  return UUID_RE.test(value);
}

export function isOpenStatus(status: unknown): boolean {
  return status === 'PENDING' || status === 'IN_PROGRESS';
}
