// What topo remembers between runs to answer without the network: template names for completion.
// A cache, not configuration: losing it costs nothing but a slower Tab.
import fs from 'node:fs';
import path from 'node:path';

export interface CachedTemplate {
  id: string;
  name: string;
}

function templatesFile(dir: string, profile: string): string {
  return path.join(dir, 'cache', `templates-${profile.replace(/[^A-Za-z0-9._-]/g, '_')}.json`);
}

export function readTemplateCache(dir: string, profile: string): CachedTemplate[] {
  try {
    const parsed = JSON.parse(fs.readFileSync(templatesFile(dir, profile), 'utf8')) as unknown;
    return Array.isArray(parsed) ? parsed.filter((entry): entry is CachedTemplate => typeof entry?.id === 'string' && typeof entry?.name === 'string') : [];
  } catch {
    return [];
  }
}

/** Adds to what is cached (best effort: a read-only folder just means no cache). */
export function cacheTemplates(dir: string, profile: string, templates: CachedTemplate[]): void {
  const merged = new Map(readTemplateCache(dir, profile).map((entry) => [entry.id, entry]));
  for (const template of templates) merged.set(template.id, { id: template.id, name: template.name });
  try {
    const file = templatesFile(dir, profile);
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    fs.writeFileSync(file, JSON.stringify([...merged.values()]), { mode: 0o600 });
  } catch {
    // no cache
  }
}
