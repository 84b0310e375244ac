// jq-web ships no types: its export is a promise of jq's entry points.
declare module 'jq-web' {
  const jq: Promise<{ raw(data: string, filter: string, flags?: string[]): string; json(data: unknown, filter: string): unknown }>;
  export default jq;
}
