// Deterministic demo workspace for the sandbox: named reps, sequence runs, tasks and threads.
// The same seed gives the same workspace; changes are kept as a small overlay in the state file.
import { CHANNELS, DIRECTIONS, DISPOSITIONS, PRIORITIES, REOPEN_REASONS, type Contact, type Message, type SequenceTemplate, type Task } from './contract.ts';

const [EMAIL, LINKEDIN] = CHANNELS;
const [INBOUND, OUTBOUND] = DIRECTIONS;

import { COMPANIES, CONTACTS, HOSTILE_PERSON, pick, prng, SANDBOX_REPS, TITLES, weighted, type Rep } from '../demo.ts';

function uuidFrom(random: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16));
  hex[12] = '4';
  hex[16] = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

const TEMPLATE_NAMES = ['Inbound demo follow-up', 'Q4 outbound – DACH', "Founders' intro", 'Webinar attendees', 'Renewal check-in'];
/** The run whose contact carries escape sequences, so the demo shows the sanitizer at work. */
const HOSTILE_RUN = 1;
const SUBJECTS = [
  'Re: pricing for the team plan', 'Re: quick question about the rollout', 'Re: intro from {company}',
  'Re: follow-up after our call ☎️', 'Re: contract renewal — next steps', 'Re: demo next week?',
];
const INBOUND_TEXTS = [
  'Thanks {first}! Could you send the pricing for 25 seats? Our budget closes Friday.',
  'Not the right time for us — maybe Q2. Can you ping me in March?',
  'Sounds good. Tuesday 10:00 CET works 👍',
  'We are already using a competitor, but happy to compare. What makes you different?',
  'Please loop in my colleague; she owns procurement. Merci !',
];
const OUTBOUND_TEXTS = [
  'Hi {first}, following up on my last note — would a 20-minute call this week help?',
  'Great to hear from you, {first}. Sharing the deck and a short case study from {company}.',
  'Hi {first}, I saw {company} is hiring SDRs — congrats! Worth a chat about ramping them faster?',
];

export interface WorkspaceOptions {
  seed: number;
  tasks: number;
  /** Creation times are spread over the 30 days before this instant (epoch ms). */
  anchor: number;
}

export interface Workspace {
  organizationId: string;
  reps: Rep[];
  templates: string[];
  tasks: Task[];
  /** sequence run id -> template id (the API filters by template but does not return it on tasks). */
  sequenceTemplate: Map<string, string>;
  /** sequence run id -> its index, from which its thread is generated on demand. */
  sequenceIndex: Map<string, number>;
  byId: Map<string, Task>;
}

export function generateWorkspace({ seed, tasks: taskCount, anchor }: WorkspaceOptions): Workspace {
  const random = prng(seed);
  const organizationId = uuidFrom(random);
  const reps: Rep[] = [...SANDBOX_REPS];
  const templates = Array.from({ length: 5 }, () => uuidFrom(random));
  const tasks: Task[] = [];
  const sequenceTemplate = new Map<string, string>();
  const sequenceIndex = new Map<string, number>();
  const span = 30 * 86_400_000;
  let index = 0;
  while (tasks.length < taskCount) {
    const sequenceId = uuidFrom(random);
    sequenceTemplate.set(sequenceId, pick(random, templates));
    sequenceIndex.set(sequenceId, index++);
    // Most runs belong to one rep; some are shared by several (the offboarding hard case); a few tasks are unassigned.
    const owner = pick(random, reps).id;
    const mixed = random() < 0.12;
    const runLength = Math.min(taskCount - tasks.length, 1 + Math.floor(random() * 6));
    let created = anchor - span + Math.floor(random() * span);
    for (let step = 0; step < runLength; step++) {
      created = Math.min(anchor - 60_000, created + Math.floor(random() * 86_400_000));
      const status = weighted(random, [['PENDING', 55], ['IN_PROGRESS', 10], ['COMPLETED', 20], ['SKIPPED', 15]] as Array<[string, number]>);
      const type = weighted(random, [['CALL', 35], ['EMAIL_REPLY', 35], ['LINKEDIN_REPLY', 20], ['NEW_LEAD_REVIEW', 10]] as Array<[string, number]>);
      const assignee = random() < 0.04 ? null : mixed && random() < 0.5 ? pick(random, reps).id : owner;
      const createdAt = new Date(Math.floor(created / 1000) * 1000).toISOString().replace('.000Z', 'Z');
      const closedAt = status === 'COMPLETED' || status === 'SKIPPED'
        ? new Date(Math.floor(Math.min(anchor, created + 3_600_000 * (1 + random() * 48)) / 1000) * 1000).toISOString().replace('.000Z', 'Z')
        : null;
      const reopened = status === 'PENDING' && random() < 0.05;
      tasks.push({
        id: uuidFrom(random),
        organization_id: organizationId,
        type,
        priority: weighted(random, [[PRIORITIES[0], 20], [PRIORITIES[1], 45], [PRIORITIES[2], 35]] as Array<[string, number]>),
        status,
        sequence_id: sequenceId,
        assignee_user_id: assignee,
        disposition: type === 'CALL' && status === 'COMPLETED' ? pick(random, DISPOSITIONS) : null,
        reopened_at: reopened ? createdAt : null,
        reopen_reason: reopened ? REOPEN_REASONS[0] : null,
        skipped_at: status === 'SKIPPED' ? closedAt : null,
        completed_at: status === 'COMPLETED' ? closedAt : null,
        created_at: createdAt,
        updated_at: closedAt ?? createdAt,
      });
    }
  }
  // Stable list order: created_at, then id.
  tasks.sort((a, b) => (a.created_at! < b.created_at! ? -1 : a.created_at! > b.created_at! ? 1 : a.id < b.id ? -1 : 1));
  return { organizationId, reps, templates, tasks, sequenceTemplate, sequenceIndex, byId: new Map(tasks.map((task) => [task.id, task])) };
}

/**
 * A sequence run's thread, generated on demand from the seed. Run 0 also carries hostile text
 * (escape sequences, a bidi override, a CR overprint) so the demo shows the sanitizer at work.
 */
export function generateThread(seed: number, workspace: Workspace, sequenceId: string): Message[] {
  const index = workspace.sequenceIndex.get(sequenceId);
  if (index === undefined) return [];
  const random = prng(seed * 7919 + index);
  const tasks = workspace.tasks.filter((task) => task.sequence_id === sequenceId);
  const firstTask = tasks[0];
  if (!firstTask || (index !== 0 && !tasks.some((task) => task.type === 'EMAIL_REPLY' || task.type === 'LINKEDIN_REPLY'))) return [];
  const person = contactOf(seed, workspace, sequenceId);
  const first = person?.first_name ?? 'there';
  const company = person?.company_name ?? pick(random, COMPANIES);
  const channel = tasks.some((task) => task.type === 'LINKEDIN_REPLY') && !tasks.some((task) => task.type === 'EMAIL_REPLY') ? LINKEDIN : EMAIL;
  const fill = (text: string) => text.replaceAll('{first}', first).replaceAll('{company}', company);
  const subject = fill(pick(random, SUBJECTS));
  const length = 2 + Math.floor(random() * 4);
  let time = Date.parse(firstTask.created_at!) - 3 * 86_400_000;
  const messages: Message[] = [];
  for (let i = 0; i < length; i++) {
    time += Math.floor(random() * 86_400_000);
    const outbound = i % 2 === 0;
    messages.push({
      id: uuidFrom(random),
      channel,
      direction: outbound ? OUTBOUND : INBOUND,
      subject: channel === EMAIL ? subject : null,
      body: fill(pick(random, outbound ? OUTBOUND_TEXTS : INBOUND_TEXTS)),
      sent_at: new Date(Math.floor(time / 1000) * 1000).toISOString().replace('.000Z', 'Z'),
      sender_id: outbound ? firstTask.assignee_user_id ?? workspace.reps[0]!.id : null,
    });
  }
  if (index === 0) {
    messages.push({
      id: uuidFrom(random),
      channel,
      direction: INBOUND,
      subject: channel === EMAIL ? `Re: invoice \u001b]0;pwned\u0007\u001b[31mURGENT\u001b[0m` : null,
      body: 'Please wire the fee today.\rALL GOOD, ignore this line\u0007\n\u202Etxt.exe\u202C \u001b]8;;https://evil.example\u001b\\click\u001b]8;;\u001b\\',
      sent_at: new Date(Math.floor((time + 3_600_000) / 1000) * 1000).toISOString().replace('.000Z', 'Z'),
      sender_id: null,
    });
  }
  return messages;
}

/** The sequence templates, with names (one with an apostrophe, one with a dash). */
export function templatesOf(workspace: Workspace): SequenceTemplate[] {
  return workspace.templates.map((id, index) => ({
    id, name: TEMPLATE_NAMES[index % TEMPLATE_NAMES.length]!, summary: null, status: 'ACTIVE', step_count: 3 + index, language: 'en', timezone: 'Europe/Paris',
    activated_at: '2026-09-01T08:00:00Z', created_at: '2026-09-01T08:00:00Z', updated_at: '2026-09-01T08:00:00Z',
  }));
}

/** A run's contact id: null for about one run in eleven (the contact was deleted). */
export function contactIdOf(seed: number, workspace: Workspace, sequenceId: string): string | null {
  const index = workspace.sequenceIndex.get(sequenceId);
  if (index === undefined || index % 11 === 5) return null;
  return uuidFrom(prng(seed * 31 + index * 2 + 1));
}

/** A run's contact, generated from the seed: names with accents and apostrophes; one hostile. */
export function contactOf(seed: number, workspace: Workspace, sequenceId: string): Contact | null {
  const id = contactIdOf(seed, workspace, sequenceId);
  const index = workspace.sequenceIndex.get(sequenceId);
  if (!id || index === undefined) return null;
  const random = prng(seed * 104_729 + index);
  const [first, ...last] = pick(random, CONTACTS).split(' ');
  const company = pick(random, COMPANIES);
  const hostile = index === HOSTILE_RUN;
  return {
    id,
    first_name: hostile ? HOSTILE_PERSON.firstName : first!,
    last_name: hostile ? HOSTILE_PERSON.lastName : last.join(' ') || null,
    email: `${(first ?? 'x').toLowerCase().normalize('NFKD').replace(/[^a-z]/g, '') || 'contact'}@${company.toLowerCase().replace(/[^a-z]/g, '')}.example`,
    job_title: index % 7 === 3 ? null : pick(random, TITLES),
    company_name: hostile ? HOSTILE_PERSON.company : company,
    company_domain: `${company.toLowerCase().replace(/[^a-z]/g, '')}.example`,
    linkedin_url: null,
    phone_number: null,
    city: null,
    state: null,
    country: null,
    first_seen_at: null,
    last_seen_at: null,
  };
}
