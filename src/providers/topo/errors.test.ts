// Status + body -> one typed error with its exit code, for Topo's envelope and FastAPI's older dialect.
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../core/errors.ts';
import { readTopoError } from './errors.ts';
import { errorFor } from '../../http/error-map.ts';

const map = (status: number, body: string) => errorFor(status, readTopoError(status, body, 'Status Text'), 'PATCH', '/tasks/x/assignee');
const envelope = (status: number, type: string, message: string, extra: object = {}) => JSON.stringify({ status_code: status, type, message, request_id: 'req_01abc', ...extra });

describe('error mapping', () => {
  it('reads the documented envelope: message, type, request id and data', () => {
    const error = map(422, envelope(422, 'BusinessIssue', 'User is not a member of this workspace', { data: { assignee_user_id: 'u' } }));
    expect(error.message).toBe('User is not a member of this workspace (HTTP 422 BusinessIssue, request req_01abc)');
    expect(error.exitCode).toBe(ExitCode.failure);
    expect(error.data).toEqual({ assignee_user_id: 'u' });
  });

  it('branches on the status: 400 → 2, 401/403 → 3, 404 → 4, 409 → 5, 429 and 5xx → 6', () => {
    expect(map(400, envelope(400, 'ValidationIssue', 'size: too big')).exitCode).toBe(ExitCode.usage);
    expect(map(401, envelope(401, 'UnauthorizedIssue', 'Invalid API key')).exitCode).toBe(ExitCode.auth);
    expect(map(403, envelope(403, 'UnauthorizedIssue', 'lacks tasks:write')).exitCode).toBe(ExitCode.auth);
    expect(map(404, envelope(404, 'NotFoundIssue', 'Task not found')).exitCode).toBe(ExitCode.notFound);
    expect(map(409, envelope(409, 'CommitIssue', 'changed meanwhile')).exitCode).toBe(ExitCode.conflict);
    expect(map(429, '{}').exitCode).toBe(ExitCode.network);
    expect(map(503, '').exitCode).toBe(ExitCode.network);
  });

  it('still reads FastAPI bodies: a detail string, and a 422 field list as validation (exit 2)', () => {
    expect(map(404, '{"detail":"Task not found"}').message).toBe('Task not found (HTTP 404)');
    const list = map(422, '{"detail":[{"loc":["query","types",1],"msg":"Input should be \'CALL\'"},{"loc":["query","size"],"msg":"too big"}]}');
    expect(list.detail).toBe("types.1: Input should be 'CALL'; size: too big");
    expect(list.exitCode).toBe(ExitCode.usage);
    expect(map(409, '{"detail":"Cannot skip a task in status COMPLETED"}').exitCode).toBe(ExitCode.conflict);
  });

  it('names an HTML error page from a proxy instead of failing to parse it', () => {
    expect(map(504, '<html><title>504 Gateway Time-out</title></html>').detail).toMatch(/504 Gateway Time-out.*HTML page/);
    expect(map(500, 'oops').detail).toMatch(/Status Text.*not JSON/);
  });
});
