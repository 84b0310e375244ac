// What topo knows of Outreach's Task API as data: capabilities, words and refusals. Loaded at
// start-up, so it imports nothing heavy.
import { maskKey } from '../../render/sanitize.ts';
import type { ProviderSpec } from '../types.ts';
import { isOutreachId, OUTREACH_BASE_URL, OUTREACH_PAGE_SIZE_DEFAULT, OUTREACH_PAGE_SIZE_MAX, OUTREACH_TASK_FIELDS, SORT_WORDS, STATUS_TO_STATE, TASK_ACTIONS, TASK_STATES } from './contract.ts';
import type { OutreachApi } from './api.ts';

const NOT_ON_OUTREACH = (verb: string) => ({
  why: `Outreach has no ${verb}: a task is completed (tasks complete) or moved later (tasks snooze, tasks reschedule)`,
  instead: 'on Outreach: topo tasks complete|snooze|reschedule <ids...>',
});

export const OUTREACH: ProviderSpec = {
  name: 'outreach',
  title: 'Outreach',
  defaultBaseUrl: OUTREACH_BASE_URL,
  credentials: 'oauth',
  taskIds: { valid: isOutreachId, noun: 'Outreach task id (a positive integer)', shape: 'Outreach id (a positive integer)' },
  userIds: isOutreachId,
  capabilities: {
    lacks: {
      'tasks skip': NOT_ON_OUTREACH('skip'),
      'tasks reopen': NOT_ON_OUTREACH('reopen'),
      'tasks thread': { why: "Outreach's Task API has no message thread per task (mailings are a separate resource)", instead: '`topo tasks show <id>` shows the task, its note and prospect' },
      api: { why: 'topo api speaks the Topo API', instead: 'for Outreach: curl -H "Authorization: Bearer $(topo auth token)" -H "Content-Type: application/vnd.api+json" https://api.outreach.io/api/v2/...' },
    },
    lacksFlags: [
      { key: 'types', flag: '--types', why: 'Outreach filters tasks by action, not by Topo type', instead: 'use --action call|email|action_item|in_person' },
      { key: 'priorities', flag: '--priorities', why: "Outreach's task priorities are per account, not HOT/TODAY/EXTRA; `tasks triage` orders by them", instead: 'leave out --priorities' },
      { key: 'template', flag: '--template', why: 'Outreach filters tasks by sequence id, not by template name', instead: 'use --sequence <id>' },
      { key: 'page', flag: '--page', why: 'Outreach pages by cursor, not by number', instead: 'use --limit <n> or --all' },
      { key: 'withContact', flag: '--with-contact', why: 'Outreach tasks carry their prospect', instead: 'the table shows the prospect; `tasks show` (and its --json) its name, title and company' },
      { key: 'scopeSequence', flag: '--scope sequence', why: 'tasks move one by one (reassignOwner)', instead: 'leave out --scope, or list every task: topo tasks ls --sequence <id> --state incomplete --all --json | topo tasks reassign - --to <user> --yes' },
    ],
    paging: 'cursor',
    groupMove: false,
    offboardFilters: false,
    lacksDimensions: { template: { why: 'tasks have no template name to group by', instead: 'group by assignee, type (action), priority or status (state)' } },
    inverse: { complete: null, snooze: 'reschedule', reschedule: 'reschedule' },
    pastTense: { complete: 'completed' },
    dimensionOrder: { status: TASK_STATES },
    dimensionWords: { assignee: 'owner', type: 'action', priority: 'priority', status: 'state' },
    ageBasis: 'overdue',
  },
  groups: { field: 'prospect_id', noun: 'prospect', column: 'PROSPECTS', openWord: 'incomplete' },
  taskFields: OUTREACH_TASK_FIELDS,
  assigneeField: 'ownerId',
  pageSize: { min: 1, max: OUTREACH_PAGE_SIZE_MAX, default: OUTREACH_PAGE_SIZE_DEFAULT },
  // --status takes Topo's words too, mapped to a state (STATUS_TO_STATE).
  vocabulary: { status: Object.keys(STATUS_TO_STATE), state: TASK_STATES, action: TASK_ACTIONS, sort: SORT_WORDS },
  filePrefix: 'outreach-',
  // The Outreach sandbox's users are found by name and email: no aliases needed.
  sandboxAliases: () => ({}),
  isDemoSecret: (raw) => raw.startsWith('outreach_sandbox_'),
  connect: async (host) => (await import('./provider.ts')).outreachProvider(OUTREACH, await host.client() as OutreachApi, host),
  secret: { field: 'outreach', form: 'json', env: 'accessToken', noun: 'Outreach token' },
  client: async (options) => (await import('./client.ts')).outreachClient(options),
  async embeddedSandbox(stateFile) {
    const { startOutreachSandbox, OUTREACH_SANDBOX } = await import('./sandbox.ts');
    const sandbox = await startOutreachSandbox({ stateFile });
    return { url: sandbox.url, secret: { accessToken: OUTREACH_SANDBOX.token }, close: () => sandbox.close() };
  },
  describeSecret: (secret, sandbox) => [
    { key: 'access_token', label: 'token', value: secret?.accessToken && !sandbox ? maskKey(String(secret.accessToken)) : null },
    { key: 'refreshes_itself', label: 'refreshed', value: Boolean(secret?.refreshToken && secret.clientId && secret.clientSecret), text: secret?.refreshToken ? 'by topo, with the stored refresh token' : 'no: the access token is used as it is' },
    { key: 'expires_at', label: 'expires', value: typeof secret?.expiresAt === 'number' ? new Date(secret.expiresAt).toISOString() : null },
  ],
  login: async () => (await import('./login.ts')).OUTREACH_LOGIN,
  serveSandbox: async (options) => (await import('./sandbox-serve.ts')).serveOutreachSandbox(options),
  scriptsInsteadOfTriage: 'for scripts, use `topo tasks ls --all --json` and pipe ids to `topo tasks complete -`, `snooze -` or `reassign -`',
};
