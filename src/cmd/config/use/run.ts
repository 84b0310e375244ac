// topo config use <profile>: an unknown profile is an error listing the known ones.
import { UsageError } from '../../../core/errors.ts';
import { didYouMean, shown } from '../../../cmdutil/flags.ts';
import type { Runtime } from '../../../cmdutil/runtime.ts';
import { updateConfig } from '../../../config/store.ts';

export async function runConfigUse(rt: Runtime, profile: string): Promise<void> {
  const known = Object.keys(rt.config.profiles ?? {});
  if (!known.includes(profile)) {
    throw new UsageError(`no profile '${shown(profile)}'${known.length ? `: known profiles are ${known.join(', ')}${didYouMean(profile, known)}` : ': there are no profiles yet'}`,
      `create one with \`topo auth login --profile ${/^[A-Za-z0-9._-]{1,40}$/.test(profile) ? profile : 'NAME'}\` or \`topo config set base-url <url> --profile NAME\``);
  }
  await updateConfig(rt.configDir, (config) => { config.currentProfile = profile; });
  rt.io.stderr.write(`profile '${profile}' is now the default\n`);
}
