// The demo world every provider's sandbox projects into its own wire shape: the reps (with fixed
// ids, so that `--sandbox` can offer their first names as aliases without loading a sandbox), the
// people tasks are about, their titles and companies, and the seeded randomness that makes the same
// seed give the same world on every machine.
export interface Rep {
  id: string;
  name: string;
  alias: string;
}

export const SANDBOX_REPS: Rep[] = [
  { id: '0a7e1c52-4b1d-4e0a-9c1f-5d2b8e6a1001', name: 'Ana García', alias: 'ana' },
  { id: '1b8f2d63-5c2e-4f1b-8d20-6e3c9f7b1002', name: 'Bram de Vries', alias: 'bram' },
  { id: '2c903e74-6d3f-4a2c-9e31-7f4da08c1003', name: 'Chen Wei', alias: 'chen' },
  { id: '3da14f85-7e40-4b3d-8f42-805eb19d1004', name: 'Dana Okafor', alias: 'dana' },
  { id: '4eb25096-8f51-4c4e-9053-916fc2ae1005', name: 'Émile Laurent', alias: 'emile' },
  { id: '5fc361a7-9062-4d5f-8164-a270d3bf1006', name: 'Farah Haddad', alias: 'farah' },
  { id: '60d472b8-a173-4e60-9275-b381e4c01007', name: 'Gustav Ström', alias: 'gustav' },
  { id: '71e583c9-b284-4f71-8386-c492f5d11008', name: 'Hana Satō', alias: 'hana' },
];

export function sandboxAliases(): Record<string, string> {
  return Object.fromEntries(SANDBOX_REPS.map((rep) => [rep.alias, rep.id]));
}

/** A seeded PRNG (mulberry32): fast, tiny, and identical on every machine. */
export function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

export function weighted<T>(random: () => number, entries: Array<[T, number]>): T {
  let roll = random() * entries.reduce((sum, [, weight]) => sum + weight, 0);
  for (const [value, weight] of entries) {
    roll -= weight;
    if (roll < 0) return value;
  }
  return entries[entries.length - 1]![0];
}

export const CONTACTS = [
  'Zoë Müller', 'José Álvarez', "Siobhán O'Brien", 'Priya Raman', '李雷', 'Olúwaseun Adébáyọ̀', 'Mikołaj Wójcik',
  'Fatima Zahra', "D'Arcy Łukasz-Nowak", 'Renée Côté', 'Kenji Yamamoto', 'Ingrid Bergström', 'Nguyễn Văn An', 'Ahmad Karimi',
];
export const TITLES = ['VP Sales', 'Head of Revenue Operations', 'Founder & CEO', 'Procurement Lead', 'Directrice commerciale', 'CTO', 'Sales Enablement Manager'];
export const COMPANIES = ['Nordwind GmbH', 'Acme Corp', 'Pâtisserie Lumière', 'Globex', 'Hōkū Labs', 'Initech', 'Umbrella BV', 'Stark & Söhne'];

/** The person with escape sequences and a bidi override in their name, so every sandbox shows the sanitizer at work. */
export const HOSTILE_PERSON = { firstName: 'Mallory\u001b]0;pwned\u0007', lastName: '\u001b[2J\u202Egnirts', company: 'Evil\u001b[31m Corp' };
