// The demo world as Outreach's resources: the reps are users with emails (Bram has left: locked),
// the people tasks are about are prospects with companies (one with escape sequences in its name,
// so the sanitizer shows), tasks in every state with priorities. Deterministic per seed.
import { COMPANIES, CONTACTS, HOSTILE_PERSON, SANDBOX_REPS, TITLES, pick, prng, weighted } from '../demo.ts';

/** The prospect with the demo world's hostile name. */
export const HOSTILE_PROSPECT = 2;

/** Bram (index 1) has left: a locked user who still owns work. */
export const LOCKED_REP = 1;
export const PRIORITIES = [{ id: 1, name: 'High', weight: 30 }, { id: 2, name: 'Medium', weight: 20 }, { id: 3, name: 'Low', weight: 10 }];

export interface UserRecord { id: number; firstName: string; lastName: string; email: string; locked: boolean; createdAt: string }
export interface ProspectRecord { id: number; firstName: string; lastName: string; company: string; title: string }
export interface TaskRecord {
  id: number;
  action: string;
  taskType: string;
  state: string;
  dueAt: string | null;
  scheduledAt: string | null;
  completed: boolean;
  completedAt: string | null;
  note: string | null;
  createdAt: string;
  updatedAt: string;
  stateChangedAt: string;
  ownerId: number | null;
  prospectId: number | null;
  sequenceId: number | null;
  taskPriorityId: number;
}

const iso = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');

export function generateOutreach(seed: number, count: number, anchor: number): { users: UserRecord[]; prospects: ProspectRecord[]; tasks: TaskRecord[] } {
  const random = prng(seed * 7919 + 17);
  const users = SANDBOX_REPS.map((rep, index): UserRecord => {
    const [firstName, ...rest] = rep.name.split(' ');
    const ascii = (text: string) => text.normalize('NFD').replace(/[^\w]/g, '').toLowerCase();
    return { id: index + 1, firstName: firstName!, lastName: rest.join(' '), email: `${ascii(firstName!)}.${ascii(rest.join(''))}@demo-outreach.example`, locked: index === LOCKED_REP, createdAt: iso(anchor - 400 * 86_400_000) };
  });
  const prospects: ProspectRecord[] = [];
  const tasks: TaskRecord[] = [];
  const span = 30 * 86_400_000;
  while (tasks.length < count) {
    const [firstName, ...rest] = pick(random, CONTACTS).split(' ');
    const prospect: ProspectRecord = { id: prospects.length + 1, firstName: firstName!, lastName: rest.join(' '), company: pick(random, COMPANIES), title: pick(random, TITLES) };
    if (prospect.id === HOSTILE_PROSPECT) Object.assign(prospect, HOSTILE_PERSON);
    prospects.push(prospect);
    // Most prospects are one rep's; some are shared; a few tasks have no prospect or owner.
    const owner = pick(random, users).id;
    const shared = random() < 0.1;
    const sequenceId = random() < 0.8 ? 1 + Math.floor(random() * 12) : null;
    const length = Math.min(count - tasks.length, 1 + Math.floor(random() * 5));
    for (let step = 0; step < length; step++) {
      const created = anchor - span + Math.floor(random() * span);
      const state = weighted(random, [['incomplete', 60], ['pending', 15], ['complete', 25]] as Array<[string, number]>);
      const action = weighted(random, [['call', 35], ['email', 35], ['action_item', 20], ['in_person', 10]] as Array<[string, number]>);
      const taskType = sequenceId ? (action === 'call' ? 'sequence_step_call' : action === 'email' ? 'sequence_step_email' : 'sequence_step_task') : pick(random, ['manual', 'follow_up', 'touch']);
      const due = created + Math.floor((random() * 20 - 5) * 86_400_000);
      const completedAt = state === 'complete' ? iso(Math.min(anchor, created + 3_600_000 * (1 + random() * 48))) : null;
      tasks.push({
        id: tasks.length + 1, action, taskType, state,
        dueAt: iso(due), scheduledAt: state === 'pending' ? iso(due - 86_400_000) : null,
        completed: state === 'complete', completedAt, note: random() < 0.3 ? pick(random, ['Asked for pricing for 25 seats', 'Call back after the board meeting', 'Prefers email — café con leche ☕', 'Gatekeeper: ask for procurement']) : null,
        createdAt: iso(created), updatedAt: completedAt ?? iso(created), stateChangedAt: completedAt ?? iso(created),
        ownerId: random() < 0.03 ? null : shared && random() < 0.5 ? pick(random, users).id : owner,
        prospectId: random() < 0.04 ? null : prospect.id,
        sequenceId,
        taskPriorityId: weighted(random, [[1, 20], [2, 45], [3, 35]] as Array<[number, number]>),
      });
    }
  }
  return { users, prospects, tasks };
}

