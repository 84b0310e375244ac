// Sequence templates by name: `--template "Founders' intro"` means every template of that exact name.
import type { TopoApi } from './api.ts';
import { isUuid, type SequenceTemplate } from './contract.ts';
import { PAGE_CONCURRENCY } from './queries.ts';

export interface NamedTemplate {
  id: string;
  name: string;
}

function named(templates: SequenceTemplate[]): NamedTemplate[] {
  return templates.filter((template) => typeof template.id === 'string').map((template) => ({ id: template.id.toLowerCase(), name: typeof template.name === 'string' ? template.name : '' }));
}

export async function allTemplates(api: TopoApi): Promise<NamedTemplate[]> {
  return named(await api.allTemplates(PAGE_CONCURRENCY));
}

/**
 * UUIDs as they are; names through GET /v1/sequence-templates?name=… (exact match). Unknown names
 * come back in `unknown` with every template, so the caller can suggest the closest.
 */
export async function resolveTemplates(api: TopoApi, values: string[]): Promise<{ ids: string[]; found: NamedTemplate[]; unknown: string[]; all?: NamedTemplate[] }> {
  const ids: string[] = [];
  const found: NamedTemplate[] = [];
  const unknown: string[] = [];
  for (const value of values) {
    if (isUuid(value)) {
      ids.push(value.toLowerCase());
      continue;
    }
    const matches = named(await api.templatesNamed(value)).filter((template) => template.name === value);
    if (matches.length === 0) unknown.push(value);
    for (const match of matches) {
      ids.push(match.id);
      found.push(match);
    }
  }
  return { ids: [...new Set(ids)], found, unknown, all: unknown.length ? await allTemplates(api) : undefined };
}
