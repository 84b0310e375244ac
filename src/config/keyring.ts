// API keys in the OS keyring (Secret Service on Linux, Keychain on macOS, Credential Manager on
// Windows) through @napi-rs/keyring, a native binding loaded only when a key is stored or read
// there. Where no keyring can be reached (a headless CI box), callers fall back to the config file.

const SERVICE = 'topo';

interface Binding {
  Entry: new (service: string, account: string) => {
    getPassword(): string | null | undefined;
    setPassword(password: string): void;
    deletePassword(): boolean;
  };
}

export interface Keyring {
  get(profile: string): string | undefined;
  set(profile: string, key: string): void;
  delete(profile: string): boolean;
}

/**
 * The system keyring, or why there is none (the binding is missing, or no keyring answers). On
 * Linux the Secret Service is reached over the D-Bus session bus: without one (a headless box, CI),
 * the binding would fall back to the kernel's session keyring, which forgets the key at logout, so
 * topo treats that as no keyring.
 */
export async function openKeyring(env: NodeJS.ProcessEnv, platform: string = process.platform): Promise<{ keyring: Keyring } | { unavailable: string }> {
  if (platform === 'linux' && !env.DBUS_SESSION_BUS_ADDRESS) return { unavailable: 'no D-Bus session for the Secret Service' };
  let binding: Binding;
  try {
    binding = (await import('@napi-rs/keyring')) as unknown as Binding;
  } catch {
    return { unavailable: 'the keyring binding is not installed for this platform' };
  }
  const entry = (profile: string) => new binding.Entry(SERVICE, profile);
  try {
    // A read tells whether a keyring answers at all (no D-Bus session, a locked or absent service).
    entry('topo-probe').getPassword();
  } catch (error) {
    return { unavailable: (error as Error).message.replace(/\s+/g, ' ').trim() };
  }
  return {
    keyring: {
      get: (profile) => entry(profile).getPassword() ?? undefined,
      set: (profile, key) => entry(profile).setPassword(key),
      delete: (profile) => {
        try {
          return entry(profile).deletePassword();
        } catch {
          return false;
        }
      },
    },
  };
}
