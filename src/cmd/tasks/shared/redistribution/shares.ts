// Weights and caps as people type them (`--to ana:2`, `--team ana:2,chen`, `--cap chen=40`), parsed
// before anything is sent, and the fair share of a load they give each rep.
import { UsageError } from '../../../../core/errors.ts';
import { shown } from '../../../../cmdutil/flags.ts';
import { parseShare } from '../../../../config/team.ts';
import type { Shares } from './plan.ts';

/** `chen=40` (repeatable): chen holds at most 40 open tasks after the move. */
export function parseCaps(texts: string[] | undefined): Array<{ who: string; cap: number }> {
  return (texts ?? []).map((text) => {
    const match = /^(.+)=([0-9]+)$/.exec(text.trim());
    if (!match) throw new UsageError(`--cap: ${shown(text)} is not <user>=<most open tasks>`, 'e.g. --cap chen=40');
    return { who: match[1]!.trim(), cap: Number(match[2]) };
  });
}

/**
 * Each rep's fair share of `total` open tasks: proportional to weight, a cap bounding it and what a
 * cap leaves over spread over the others by weight (water-filling). When the caps hold less than
 * the total, every share is its cap.
 */
export function fairShares(total: number, reps: Array<{ user: string; weight: number; cap?: number }>): Map<string, number> {
  const shares = new Map<string, number>();
  let free = reps;
  let remaining = total;
  for (;;) {
    const weights = free.reduce((sum, rep) => sum + rep.weight, 0);
    const capped = free.filter((rep) => rep.cap !== undefined && (remaining * rep.weight) / weights > rep.cap);
    if (capped.length === 0) {
      for (const rep of free) shares.set(rep.user, weights > 0 ? (remaining * rep.weight) / weights : 0);
      return shares;
    }
    for (const rep of capped) {
      shares.set(rep.user, rep.cap!);
      remaining -= rep.cap!;
    }
    free = free.filter((rep) => !capped.includes(rep));
    if (free.length === 0) return shares;
  }
}

/**
 * `--to`/`--team` texts and `--cap`s as user ids with their weights and caps; a cap must name one
 * of them (exit 2 before anything is sent). A user named twice keeps the first weight.
 */
export async function resolveShares(texts: string[], capTexts: string[] | undefined, resolve: (who: string) => Promise<string>, flag: string): Promise<{ users: string[]; shares: Shares }> {
  const users: string[] = [];
  const weights = new Map<string, number>();
  const caps = new Map<string, number>();
  for (const text of texts) {
    const { who, weight } = parseShare(text, flag);
    const id = await resolve(who);
    if (users.includes(id)) continue;
    users.push(id);
    weights.set(id, weight);
  }
  for (const { who, cap } of parseCaps(capTexts)) {
    const id = await resolve(who);
    if (!users.includes(id)) throw new UsageError(`--cap: ${shown(who)} is not one of the ${flag} users; nothing was sent`, `give ${flag} ${who} too, or leave out its --cap`);
    caps.set(id, cap);
  }
  return { users, shares: { weights, caps } };
}
