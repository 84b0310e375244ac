// The providers topo speaks, in one list. Adding one is a folder under src/providers/, a line here
// and an entry in the conformance suite (README "Design notes").
import { OUTREACH } from './outreach/spec.ts';
import { TOPO } from './topo/spec.ts';
import { article } from '../core/words.ts';
import type { ProviderSpec, VocabularyKey } from './types.ts';

const specs: ProviderSpec[] = [TOPO, OUTREACH];
const names: string[] = specs.map((spec) => spec.name);
export const PROVIDER_SPECS: readonly ProviderSpec[] = specs;
export const PROVIDER_NAMES: readonly string[] = names;
/** A profile that names no provider speaks the first. */
export const DEFAULT_PROVIDER = PROVIDER_SPECS[0]!;

/**
 * Adds a provider to the list while this process runs: the tests' in-memory provider is registered
 * this way, to prove that every command depends on the provider interface alone.
 */
export function registerProvider(spec: ProviderSpec): void {
  if (providerNamed(spec.name)) return;
  specs.push(spec);
  names.push(spec.name);
}

export function providerNamed(name: string): ProviderSpec | undefined {
  return PROVIDER_SPECS.find((spec) => spec.name === name);
}

/** A task (or group) id any provider could take: which one the profile's provider takes is checked when it is known. */
export function anyTaskId(value: string): boolean {
  return PROVIDER_SPECS.some((spec) => spec.taskIds.valid(value));
}

/** A user id any provider could take (an alias names one). */
export function anyUserId(value: string): boolean {
  return PROVIDER_SPECS.some((spec) => spec.userIds(value));
}

/** Every provider's values for a flag, in registry order, each once. */
export function vocabulary(key: VocabularyKey): string[] {
  return [...new Set(PROVIDER_SPECS.flatMap((spec) => spec.vocabulary[key] ?? []))];
}

/** Which providers have a flag's values, for help: "Outreach". */
export function providersWith(key: VocabularyKey): string {
  return PROVIDER_SPECS.filter((spec) => spec.vocabulary[key]).map((spec) => spec.title).join(', ');
}

/** The id shapes, each with its article, for an error naming what would be accepted. */
export function idShapes(): string {
  return PROVIDER_SPECS.map((spec) => `${article(spec.taskIds.shape)} ${spec.taskIds.shape}`).join(' nor ');
}
