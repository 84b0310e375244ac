// topo config get <key>.
import type { Runtime } from '../../../cmdutil/runtime.ts';
import { SETTINGS } from '../../../config/settings.ts';
import { write } from '../../../render/output.ts';
import { sanitizeInline } from '../../../render/sanitize.ts';
import { settingName } from '../shared.ts';

export async function runConfigGet(rt: Runtime, name: string): Promise<number> {
  const value = SETTINGS[settingName(name)].get(rt.profile);
  if (value === undefined) return 1;
  await write(rt.io.stdout, `${sanitizeInline(String(value))}\n`);
  return 0;
}
