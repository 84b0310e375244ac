// What the config verbs share: the name of a setting, checked.
import { UsageError } from '../../core/errors.ts';
import { didYouMean, shown } from '../../cmdutil/flags.ts';
import { isSettingName, SETTINGS, type SettingName } from '../../config/settings.ts';

export function settingName(name: string): SettingName {
  if (!isSettingName(name)) {
    throw new UsageError(`unknown setting '${shown(name)}': use one of ${Object.keys(SETTINGS).join(', ')}${didYouMean(name, Object.keys(SETTINGS))}`, 'the API key is set with `topo auth login`');
  }
  return name;
}

export const SETTING_NAMES = Object.keys(SETTINGS).join(' | ');
