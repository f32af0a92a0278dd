import { STATUS_CODES } from 'node:http';
import { z } from 'zod';
import { settingsPatchSchema } from '../settings/settingsSchema';
import { errorObjectViewSchema, syncErrorViewSchema } from '../syncErrors/syncErrorView';
import {
  preflightPageSchema,
  preflightRowSchema,
  preflightRulePageSchema,
  preflightRuleSchema,
} from '../preflightReport/preflightSchemas';
import {
  API_OPERATIONS,
  auditEventPageSchema,
  cloudObjectPageSchema,
  sourceObjectPageSchema,
  syncErrorPageSchema,
} from './apiContract';
import { cloudObjectInput, cloudObjectsBody, sourceObjectInput, sourceObjectsBody } from './directorySchemas';
import { cloudObjectViewSchema, sourceObjectViewSchema } from './directoryViews';
import { IDEMPOTENCY_KEY_SCHEMA } from '../http/idempotency';
import type { ApiOperation, SuccessResponse } from './operation';
import {
  PROBLEM_CATALOGUE,
  problemCodesOf,
  problemSchema,
  problemStatusOf,
  type ProblemCode,
} from './problems';
import { devTokenBody, diagnosisAnswerBody, preflightLdifBody } from './requests';
import * as responses from './responses';

/** A JSON value as the document holds it. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

export const API_VERSION = '0.1.0';
const SCHEMAS = '#/components/schemas/';

/**
 * The named components: what the document refers to by `$ref`. Responses are generated as the
 * handlers answer (`io: 'output'`), bodies as the handlers accept them (`io: 'input'`: defaults
 * are optional, transforms show their input). Unnamed schemas are inlined where they are used.
 */
const OUTPUT_COMPONENTS: readonly [string, z.ZodType][] = [
  ['Problem', problemSchema],
  ['Health', responses.healthSchema],
  ['OpenApiDocument', responses.openApiDocumentSchema],
  ['DevToken', responses.devTokenResultSchema],
  ['SyncError', syncErrorViewSchema],
  ['SyncErrorObject', errorObjectViewSchema],
  ['SyncErrorPage', syncErrorPageSchema],
  ['DiagnosisAnswers', responses.diagnosisAnswersSchema],
  ['DiagnosisStep', responses.diagnosisStepSchema],
  ['CloseResult', responses.closeResultSchema],
  ['ApplyFixResult', responses.applyFixResultSchema],
  ['CycleSummary', responses.cycleSummarySchema],
  ['DryRunResult', responses.dryRunResultSchema],
  ['QueuedCycle', responses.queuedCycleSchema],
  ['CycleHistoryPage', responses.cycleHistoryPageSchema],
  ['CycleStatus', responses.cycleStatusSchema],
  ['SourceObject', sourceObjectViewSchema],
  ['SourceObjectPage', sourceObjectPageSchema],
  ['UpsertResult', responses.upsertResultSchema],
  ['CloudObject', cloudObjectViewSchema],
  ['CloudObjectPage', cloudObjectPageSchema],
  ['ImportResult', responses.importResultSchema],
  ['TenantSettings', responses.tenantSettingsSchema],
  ['CloudObjectRecord', responses.cloudObjectRecordSchema],
  ['SyncErrorRecord', responses.syncErrorRecordSchema],
  ['AuditEvent', responses.auditEventSchema],
  ['AuditEventPage', auditEventPageSchema],
  ['UndoResult', responses.undoResultSchema],
  ['PreflightRow', preflightRowSchema],
  ['PreflightPage', preflightPageSchema],
  ['PreflightRule', preflightRuleSchema],
  ['PreflightRulePage', preflightRulePageSchema],
];

const INPUT_COMPONENTS: readonly [string, z.ZodType][] = [
  ['DevTokenRequest', devTokenBody],
  ['DiagnosisAnswer', diagnosisAnswerBody],
  ['SourceObjectsBody', sourceObjectsBody],
  ['SourceObjectInput', sourceObjectInput],
  ['CloudObjectsBody', cloudObjectsBody],
  ['CloudObjectInput', cloudObjectInput],
  ['SettingsPatch', settingsPatchSchema],
  ['PreflightLdifRequest', preflightLdifBody],
];

export interface OpenApiOptions {
  /** AUTH_MODE=dev: POST /api/dev/token is registered, so it is documented. */
  devMode: boolean;
}

/**
 * The OpenAPI 3.1 document of the API, generated from the contract (shared/contract/apiContract.ts)
 * and the zod schemas it holds: the schemas the handlers parse with and type their answers with.
 */
export function openApiDocument(options: OpenApiOptions): JsonObject {
  const operations = API_OPERATIONS.filter(([, op]) => options.devMode || op.devOnly !== true);
  const output = components(OUTPUT_COMPONENTS, 'output');
  const input = components(INPUT_COMPONENTS, 'input');
  const schemas: JsonObject = { ...output.schemas, ...input.schemas };
  const paths: JsonObject = {};
  for (const [name, op] of operations) {
    const path = openApiPath(op.route);
    const item = (paths[path] ?? {}) as JsonObject;
    item[op.method.toLowerCase()] = operationObject(name, op, { output: output.names, input: input.names });
    paths[path] = item;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Entra sync error remediation API',
      version: API_VERSION,
      description:
        'Find, diagnose and fix duplicated-attribute sync errors between on-premises AD and Microsoft Entra ID. ' +
        "The tenant is always the caller's token's `tid`. Errors are `application/problem+json` (RFC 9457) " +
        'with a stable `code`; each response lists the codes it can carry. The source-object routes are ' +
        'registered as the catch-all `source-objects/{*sourceAnchor}` (anchors hold `/`); OpenAPI has no ' +
        'catch-all, so they appear here as `{sourceAnchor}`.',
    },
    tags: [...new Set(operations.map(([, op]) => op.tag))].map((tag) => ({ name: tag })),
    security: [{ bearerAuth: [] }],
    paths,
    components: {
      schemas: reachable(schemas, paths),
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description:
            'A Microsoft Entra ID access token for this API (or, with AUTH_MODE=dev, a token of the local ' +
            'dev key). Admin routes need the Global Administrator role (`wids`) or the `Contributor` app ' +
            'role; source-object routes also accept the `SyncAgent` app role.',
        },
      },
      headers: {
        RetryAfter: {
          description: 'Seconds to wait before retrying.',
          schema: { type: 'integer', minimum: 1 },
        },
        WwwAuthenticate: { description: 'Always `Bearer`.', schema: { type: 'string', const: 'Bearer' } },
        IdempotentReplay: {
          description:
            '`true` when this is the stored answer to an earlier request with the same Idempotency-Key.',
          schema: { type: 'string', const: 'true' },
        },
      },
      parameters: {
        IdempotencyKey: {
          name: 'Idempotency-Key',
          in: 'header',
          required: false,
          description:
            'Makes the POST safe to retry: within 24 h, a request with the same key and body gets the first ' +
            'answer (or refusal) again and changes nothing; the same key with another body is 422.',
          schema: jsonSchemaOf(IDEMPOTENCY_KEY_SCHEMA, 'input'),
        },
      },
    },
  };
}

/** `{*sourceAnchor}` (a host catch-all) becomes `{sourceAnchor}`; the `api/` prefix is added. */
export function openApiPath(route: string): string {
  return `/api/${route.replace(/\{\*?(\w+)\??\}/g, '{$1}')}`;
}

function operationObject(
  name: string,
  op: ApiOperation,
  names: { output: ReadonlyMap<z.ZodType, string>; input: ReadonlyMap<z.ZodType, string> },
): JsonObject {
  const secured = op.access !== 'anonymous';
  const parameters: Json[] = [
    ...parametersOf(op.params, 'path'),
    ...parametersOf(op.query, 'query'),
    ...(secured && op.method === 'POST' ? [{ $ref: '#/components/parameters/IdempotencyKey' }] : []),
  ];
  const result: JsonObject = {
    operationId: name,
    summary: op.summary,
    description: [op.description, ACCESS_TEXT[op.access]].filter(Boolean).join('\n\n'),
    tags: [op.tag],
    'x-access': op.access,
    security: secured ? [{ bearerAuth: [] }] : [],
  };
  if (parameters.length > 0) result.parameters = parameters;
  if (op.body) {
    result.requestBody = {
      required: true,
      description: op.body.description,
      content: { 'application/json': { schema: refTo(op.body.schema, names.input, name) } },
    };
  }
  const answers: JsonObject = {};
  for (const success of op.responses) {
    answers[String(success.status)] = successObject(
      name,
      success,
      secured && op.method === 'POST',
      names.output,
    );
  }
  for (const [status, codes] of byStatus(problemCodesOf(op)))
    answers[String(status)] = problemObject(status, codes);
  result.responses = answers;
  return result;
}

const ACCESS_TEXT = {
  admin: 'Needs the Global Administrator role or the Contributor app role of the tenant.',
  sourceObjects:
    'Needs the Global Administrator role, or the Contributor or SyncAgent app role of the tenant.',
  anonymous: 'Anonymous.',
} as const;

function successObject(
  name: string,
  success: SuccessResponse,
  replayable: boolean,
  names: ReadonlyMap<z.ZodType, string>,
): JsonObject {
  const headers: JsonObject = {};
  for (const [header, description] of Object.entries(success.headers ?? {})) {
    headers[header] = { description, schema: { type: 'string' } };
  }
  if (replayable) headers['Idempotent-Replay'] = { $ref: '#/components/headers/IdempotentReplay' };
  const content: JsonObject = {};
  if (success.json) content['application/json'] = { schema: refTo(success.json, names, name) };
  if (success.csv) content['text/csv'] = { schema: { type: 'string', description: success.csv } };
  if (success.text) content['text/plain'] = { schema: { type: 'string', description: success.text } };
  const result: JsonObject = { description: success.description };
  if (Object.keys(headers).length > 0) result.headers = headers;
  if (Object.keys(content).length > 0) result.content = content;
  return result;
}

function byStatus(codes: readonly ProblemCode[]): [number, ProblemCode[]][] {
  const groups = new Map<number, ProblemCode[]>();
  for (const code of codes) {
    const status = problemStatusOf(code);
    groups.set(status, [...(groups.get(status) ?? []), code]);
  }
  return [...groups.entries()].sort(([a], [b]) => a - b);
}

/** One problem response: the Problem schema with `status` fixed and `code` narrowed to an enum. */
function problemObject(status: number, codes: readonly ProblemCode[]): JsonObject {
  const headers: JsonObject = {};
  if (status === 401) headers['WWW-Authenticate'] = { $ref: '#/components/headers/WwwAuthenticate' };
  if (status === 429) headers['Retry-After'] = { $ref: '#/components/headers/RetryAfter' };
  const result: JsonObject = {
    description: `${STATUS_CODES[status] ?? 'Error'}. ${codes
      .map((code) => `\`${code}\`: ${PROBLEM_CATALOGUE[code].description}`)
      .join(' ')}`,
    content: {
      'application/problem+json': {
        schema: {
          allOf: [
            { $ref: `${SCHEMAS}Problem` },
            { type: 'object', properties: { status: { const: status }, code: { enum: [...codes] } } },
          ],
        },
      },
    },
  };
  if (Object.keys(headers).length > 0) result.headers = headers;
  return result;
}

/** One parameter per property of a route or query object schema, as the handler parses it. */
function parametersOf(schema: z.ZodObject | undefined, where: 'path' | 'query'): Json[] {
  if (!schema) return [];
  const json = jsonSchemaOf(schema, 'input');
  const properties = (json.properties ?? {}) as JsonObject;
  const required = new Set((json.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => {
    const { description, ...rest } = property as JsonObject;
    const parameter: JsonObject = { name, in: where, required: where === 'path' || required.has(name) };
    if (typeof description === 'string') parameter.description = description;
    parameter.schema = rest;
    return parameter;
  });
}

function refTo(schema: z.ZodType, names: ReadonlyMap<z.ZodType, string>, operation: string): JsonObject {
  const name = names.get(schema);
  if (name === undefined)
    throw new Error(`${operation}: its request or response schema has no component name`);
  return { $ref: `${SCHEMAS}${name}` };
}

/** Converts named schemas together, so that one named schema inside another becomes a `$ref`. */
function components(
  named: readonly [string, z.ZodType][],
  io: 'input' | 'output',
): { schemas: JsonObject; names: ReadonlyMap<z.ZodType, string> } {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of named) registry.add(schema, { id });
  const converted = z.toJSONSchema(registry, {
    target: 'draft-2020-12',
    io,
    unrepresentable: 'throw',
    uri: (id) => `${SCHEMAS}${id}`,
  });
  const schemas: JsonObject = {};
  for (const [id, schema] of Object.entries(converted.schemas)) schemas[id] = bare(schema);
  return { schemas, names: new Map(named.map(([id, schema]) => [schema, id])) };
}

function jsonSchemaOf(schema: z.ZodType, io: 'input' | 'output'): JsonObject {
  return bare(z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'throw' }));
}

/**
 * OpenAPI 3.1's schema dialect is draft 2020-12, so `$schema` is implied; `$id` would make each
 * component its own resource, against which the `#/components/...` refs would not resolve.
 */
function bare(schema: object): JsonObject {
  return Object.fromEntries(
    Object.entries(schema as JsonObject).filter(([key]) => key !== '$schema' && key !== '$id'),
  );
}

/** Only the components the paths use, directly or through other components. */
function reachable(schemas: JsonObject, paths: JsonObject): JsonObject {
  const used = new Set<string>();
  const visit = (value: Json | undefined): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value !== null && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) {
        if (key === '$ref' && typeof inner === 'string' && inner.startsWith(SCHEMAS)) {
          const name = inner.slice(SCHEMAS.length);
          if (!used.has(name)) {
            used.add(name);
            visit(schemas[name]);
          }
        } else visit(inner);
      }
    }
  };
  visit(paths);
  return Object.fromEntries(Object.entries(schemas).filter(([name]) => used.has(name)));
}
