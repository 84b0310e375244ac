// The providers topo speaks, in one list. Adding one is a folder under src/providers/, a line here
// and an entry in the conformance suite (README "Design notes").
import { OUTREACH } from './outreach/spec.ts';
import { TOPO } from './topo/spec.ts';
import type { ProviderSpec } from './types.ts';

export const PROVIDER_SPECS: readonly ProviderSpec[] = [TOPO, OUTREACH];
export const PROVIDER_NAMES: readonly string[] = PROVIDER_SPECS.map((spec) => spec.name);
/** A profile that names no provider speaks the first. */
export const DEFAULT_PROVIDER = PROVIDER_SPECS[0]!;

export function providerNamed(name: string): ProviderSpec | undefined {
  return PROVIDER_SPECS.find((spec) => spec.name === name);
}
