// The version is written into the bundle at build time from package.json.
declare const __TOPO_VERSION__: string | undefined;

export const VERSION = typeof __TOPO_VERSION__ === 'string' ? __TOPO_VERSION__ : '0.0.0-dev';
export const USER_AGENT = `topo/${VERSION} (node ${process.version}; ${process.platform})`;
