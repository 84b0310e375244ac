// What topo knows of the Topo API as data: capabilities, words and refusals. Loaded at start-up,
// so it imports nothing heavy: the client and sandbox load when a command needs them.
import { maskKey } from '../../render/sanitize.ts';
import type { ProviderSpec } from '../types.ts';
import { DEFAULT_BASE_URL, isUuid, PAGE_SIZE_DEFAULT, PAGE_SIZE_MAX, PAGE_SIZE_MIN, PRIORITIES, SCOPES, STATUSES, TASK_FIELDS, TASK_TYPES } from './contract.ts';
import type { TopoApi } from './api.ts';
import { sandboxAliases } from '../demo.ts';

const NO_DUE = 'Topo tasks are completed by working them and have no due time; skip, reopen and reassign are its changes';

export const TOPO: ProviderSpec = {
  name: 'topo',
  title: 'Topo',
  defaultBaseUrl: DEFAULT_BASE_URL,
  credentials: 'api-key',
  taskIds: { valid: isUuid, noun: 'task UUID', shape: 'UUID (8-4-4-4-12 hex digits)' },
  userIds: isUuid,
  capabilities: {
    lacks: {
      'tasks complete': { why: NO_DUE },
      'tasks snooze': { why: NO_DUE },
      'tasks reschedule': { why: NO_DUE },
    },
    lacksFlags: [
      { key: 'state', flag: '--state', why: 'Topo tasks have a status, not a state', instead: 'use --status' },
      { key: 'action', flag: '--action', why: 'Topo tasks have a type, not an action', instead: 'use --types' },
      { key: 'dueBefore', flag: '--due-before', why: 'Topo tasks have no due date', instead: 'use --created-before' },
      { key: 'dueAfter', flag: '--due-after', why: 'Topo tasks have no due date', instead: 'use --created-after' },
      { key: 'clientId', flag: '--client-id', why: 'Topo keys need no OAuth app', instead: 'add --provider outreach to log in to Outreach' },
      { key: 'redirectUri', flag: '--redirect-uri', why: 'Topo keys need no OAuth app', instead: 'add --provider outreach to log in to Outreach' },
    ],
    paging: 'offset',
    groupMove: true,
    offboardFilters: true,
    lacksDimensions: {},
    inverse: { skip: 'reopen', reopen: 'skip' },
    pastTense: { SKIPPED: 'skipped', PENDING: 'reopened' },
    dimensionOrder: { type: TASK_TYPES, priority: PRIORITIES, status: STATUSES },
    dimensionWords: {},
    ageBasis: 'created',
  },
  groups: { field: 'sequence_id', noun: 'sequence run', column: 'RUNS', openWord: 'open' },
  taskFields: TASK_FIELDS,
  assigneeField: 'assignee_user_id',
  pageSize: { min: PAGE_SIZE_MIN, max: PAGE_SIZE_MAX, default: PAGE_SIZE_DEFAULT },
  vocabulary: { status: [...STATUSES, 'open'], types: TASK_TYPES, priorities: PRIORITIES, sort: ['created', '-created', 'updated', '-updated'], scope: SCOPES },
  filePrefix: '',
  sandboxAliases,
  isDemoSecret: (raw) => raw.startsWith('topo_sandbox_'),
  connect: async (host) => (await import('./provider.ts')).topoProvider(TOPO, await host.client() as TopoApi, host),
  secret: { field: 'apiKey', form: 'string', env: 'apiKey', noun: 'API key' },
  client: async (options) => (await import('./client.ts')).topoClient(options),
  async embeddedSandbox(stateFile) {
    const { startSandbox } = await import('./sandbox.ts');
    const sandbox = await startSandbox({ port: 0, stateFile });
    return { url: sandbox.url, secret: { apiKey: sandbox.keys.write }, close: () => sandbox.close() };
  },
  describeSecret: (secret, sandbox) => [{ key: 'key', label: 'key', value: secret?.apiKey && !sandbox ? maskKey(String(secret.apiKey)) : null }],
  login: async () => (await import('./login.ts')).TOPO_LOGIN,
  serveSandbox: async (options) => (await import('./sandbox-serve.ts')).serveTopoSandbox(options),
  scriptsInsteadOfTriage: 'for scripts, use `topo tasks ls --all --json` and pipe ids to `topo tasks skip -` or `topo tasks reassign -`',
};
