// A team or a list of targets with weights, as people type it (`ana:2,chen`): the one parser for
// --to, --team and the saved `config set team`.
import { UsageError } from '../core/errors.ts';
import { sanitizeInline } from '../render/sanitize.ts';

export interface ShareText {
  /** The user as typed: an alias, id, email or name. */
  who: string;
  /** A rep's share of the load relative to the others' (1 when not given). */
  weight: number;
}

const WEIGHTED = /^(.+):([0-9]+(?:\.[0-9]+)?)$/;

/** `ana:2` → ana with weight 2; `ana` → weight 1. A weight is a number above 0 (up to 1000). */
export function parseShare(text: string, flag: string): ShareText {
  const trimmed = text.trim();
  const match = WEIGHTED.exec(trimmed);
  if (!match) {
    if (/:[^:]*$/.test(trimmed) && !trimmed.includes('@')) throw new UsageError(`${flag}: ${sanitizeInline(trimmed.slice(0, 80))} has a weight that is not a number above 0`, `e.g. ${flag} ana:2 (twice the share of a rep with weight 1)`);
    return { who: trimmed, weight: 1 };
  }
  const weight = Number(match[2]);
  if (!(weight > 0) || weight > 1000) throw new UsageError(`${flag}: the weight in ${sanitizeInline(trimmed.slice(0, 80))} must be a number above 0 and up to 1000`, `e.g. ${flag} ana:2`);
  return { who: match[1]!.trim(), weight };
}

/** A saved team (`ana:2,chen,dana`): its members; exit 2 naming `flag` when one is not `user[:weight]`. */
export function parseTeam(text: string, flag: string): ShareText[] {
  return text.split(',').filter((part) => part.trim()).map((part) => parseShare(part, flag));
}
