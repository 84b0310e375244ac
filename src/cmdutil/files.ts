// Files a user names (plans, journals, state): errors in words, never a bare ENOENT.

export function describeFileError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'it is a folder';
  if (error instanceof SyntaxError) return `not valid JSON (${error.message})`;
  return (error as Error).message;
}
