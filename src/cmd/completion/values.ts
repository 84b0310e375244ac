// Values the completion scripts ask for at Tab time. Reads only the config file: no network.
import type { Runtime } from '../../cmdutil/runtime.ts';
import { readTemplateCache } from '../../config/cache.ts';
import { SETTINGS } from '../../config/settings.ts';
import { commandAliases } from '../../cmdutil/command-aliases.ts';

export function completionValues(rt: Runtime, kind: string): string[] {
  switch (kind) {
    case 'profiles': return Object.keys(rt.config.profiles ?? {});
    case 'aliases': return Object.keys(rt.aliases);
    case 'profile-aliases': return Object.keys(rt.profile.aliases ?? {});
    case 'settings': return Object.keys(SETTINGS);
    case 'commands': return Object.keys(commandAliases(rt.config));
    // Only what earlier commands cached: no network on Tab.
    case 'templates': return readTemplateCache(rt.configDir, rt.profileName).map((template) => template.name);
    default: return [];
  }
}
