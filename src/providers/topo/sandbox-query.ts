// The Topo sandbox's request checks: validation issues in FastAPI's shape, error answers, and the
// list query parsed as GET /v1/tasks parses it.
import { PIPELINE_CODES, SandboxFailure } from '../loopback.ts';
import { ERROR_TYPES, isUuid, listParams, PAGE_SIZE_DEFAULT, PRIORITIES, SORT_FIELDS, SORT_ORDERS, STATUSES, TASK_TYPES } from './contract.ts';

export interface ValidationIssue {
  type: string;
  loc: Array<string | number>;
  msg: string;
  input: unknown;
}

/** An error answer: status, the documented type, the message, and (for validation) FastAPI-style issues. */
export class HttpFailure extends SandboxFailure {
  constructor(status: number, type: string, message: string, headers: Record<string, string> = {}, issues?: ValidationIssue[], data?: unknown) {
    super(status, type, message, { headers, issues, data });
  }
}


/** The pipeline's own failures, in the documented error types. */
export const PIPELINE_TYPES: Record<string, string> = {
  [PIPELINE_CODES.rateLimited]: 'RateLimitIssue', [PIPELINE_CODES.unavailable]: 'ServerIssue',
  [PIPELINE_CODES.forbidden]: ERROR_TYPES.unauthorized, [PIPELINE_CODES.notFound]: ERROR_TYPES.notFound,
};

export function validationFailure(issues: ValidationIssue[]): HttpFailure {
  const message = issues.map((issue) => `${issue.loc.filter((part) => !['query', 'body', 'path'].includes(String(part))).join('.')}: ${issue.msg}`).join('; ');
  return new HttpFailure(400, ERROR_TYPES.validation, message, {}, issues, { errors: issues.map(({ loc, msg, type }) => ({ loc, msg, type })) });
}

export const ENUM_MSG = (values: readonly string[]) =>
  `Input should be ${values.slice(0, -1).map((v) => `'${v}'`).join(', ')} or '${values[values.length - 1]}'`;

export function parseDateTime(value: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(value)) return undefined;
  const withZone = /T|\s/.test(value) && !/(Z|[+-]\d{2}:?\d{2})$/.test(value) ? `${value}Z` : value;
  const time = Date.parse(withZone);
  return Number.isNaN(time) ? undefined : time;
}


/** GET /v1/tasks's query, validated as the API does (FastAPI-style issues, every problem at once). */
export function parseListQuery(params: URLSearchParams, maxPageSize: number) {
  const issues: ValidationIssue[] = [];
  const integer = (name: string, fallback: number, min: number, max?: number): number => {
    const raw = params.getAll(name).at(-1);
    if (raw === undefined) return fallback;
    if (!/^-?\d+$/.test(raw.trim())) {
      issues.push({ type: 'int_parsing', loc: ['query', name], msg: 'Input should be a valid integer, unable to parse string as an integer', input: raw });
      return fallback;
    }
    const value = Number(raw);
    if (value < min) issues.push({ type: 'greater_than_equal', loc: ['query', name], msg: `Input should be greater than or equal to ${min}`, input: raw });
    else if (max !== undefined && value > max) issues.push({ type: 'less_than_equal', loc: ['query', name], msg: `Input should be less than or equal to ${max}`, input: raw });
    return value;
  };
  const enumOne = (name: string, values: readonly string[]): string | undefined => {
    const raw = params.getAll(name).at(-1);
    if (raw !== undefined && !values.includes(raw)) issues.push({ type: 'enum', loc: ['query', name], msg: ENUM_MSG(values), input: raw });
    return raw;
  };
  const enumMany = (name: string, values: readonly string[]): string[] => {
    const raw = params.getAll(name);
    raw.forEach((value, index) => {
      if (!values.includes(value)) issues.push({ type: 'enum', loc: ['query', name, index], msg: ENUM_MSG(values), input: value });
    });
    return raw;
  };
  const uuidOne = (name: string): string | undefined => {
    const raw = params.getAll(name).at(-1);
    if (raw !== undefined && !isUuid(raw)) issues.push({ type: 'uuid_parsing', loc: ['query', name], msg: 'Input should be a valid UUID', input: raw });
    return raw?.toLowerCase();
  };
  const date = (name: string): number | undefined => {
    const raw = params.getAll(name).at(-1);
    if (raw === undefined) return undefined;
    const time = parseDateTime(raw);
    if (time === undefined) issues.push({ type: 'datetime_from_date_parsing', loc: ['query', name], msg: 'Input should be a valid datetime or date, invalid character in date', input: raw });
    return time;
  };
  const page = integer(listParams.page, 1, 1);
  const size = integer(listParams.size, PAGE_SIZE_DEFAULT, 1, maxPageSize);
  const sortBy = enumOne(listParams.sortBy, SORT_FIELDS) ?? 'created_at';
  const sortOrder = enumOne(listParams.sortOrder, SORT_ORDERS) ?? 'asc';
  const sequence = uuidOne(listParams.sequence);
  const templates = params.getAll(listParams.templates);
  templates.forEach((value, index) => {
    if (!isUuid(value)) issues.push({ type: 'uuid_parsing', loc: ['query', listParams.templates, index], msg: 'Input should be a valid UUID', input: value });
  });
  const types = enumMany(listParams.types, TASK_TYPES);
  const status = enumOne(listParams.status, STATUSES);
  const priorities = enumMany(listParams.priorities, PRIORITIES);
  const assignee = uuidOne(listParams.assignee);
  const after = date(listParams.createdAfter);
  const before = date(listParams.createdBefore);
  if (issues.length) throw validationFailure(issues);
  return { page, size, sortBy, sortOrder, sequence, templates, types, status, priorities, assignee, after, before };
}
