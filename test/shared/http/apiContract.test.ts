import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DIAGNOSIS_REFUSAL_CODES } from '../../../shared/diagnosis/refusals';
import type { ErrorKind } from '../../../shared/errors';
import { API_CONTRACT, API_OPERATIONS } from '../../../shared/contract/apiContract';
import { openApiDocument } from '../../../shared/contract/openApiDocument';
import {
  PROBLEM_CATALOGUE,
  PROBLEM_CODES,
  problemCodesOf,
  problemStatusOf,
} from '../../../shared/contract/problems';
import { statusOf } from '../../../shared/http/problem';

const ROOT = path.resolve(__dirname, '..', '..', '..');

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the document is walked as plain JSON
type Doc = Record<string, any>;
const dev: Doc = openApiDocument({ devMode: true });
const entra: Doc = openApiDocument({ devMode: false });

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(relative);
    return entry.name.endsWith('.ts') ? [relative] : [];
  });
}

/** Every literal problem code the code base raises, with the kind it raises it with. */
function raisedCodes(): Map<string, ErrorKind | 'Internal'> {
  const raised = new Map<string, ErrorKind | 'Internal'>();
  const helpers: Record<string, ErrorKind> = {
    conflict: 'Conflict',
    badRequest: 'BadRequest',
    notFound: 'NotFound',
  };
  for (const file of [...sourceFiles('shared'), ...sourceFiles('functions')]) {
    const text = readFileSync(path.join(ROOT, file), 'utf8');
    for (const [, helper, code] of text.matchAll(/\b(conflict|badRequest|notFound)\(\s*'(\w+)'/g))
      raised.set(code!, helpers[helper!]!);
    for (const [, kind, code] of text.matchAll(/new AppError\(\s*'(\w+)',\s*'(\w+)'/g))
      raised.set(code!, kind as ErrorKind);
    if (/code: 'InternalError'/.test(text)) raised.set('InternalError', 'Internal');
  }
  // Diagnosis refusals are computed by pure rules and raised as 409s by diagnosisUseCases.unwrap.
  for (const code of DIAGNOSIS_REFUSAL_CODES) raised.set(code, 'Conflict');
  return raised;
}

describe('the problem catalogue is the codes the code base raises', () => {
  const raised = raisedCodes();

  test('every code raised is catalogued with its status', () => {
    expect(raised.size).toBeGreaterThan(30);
    for (const [code, kind] of raised) {
      expect({
        code,
        status: code in PROBLEM_CATALOGUE ? problemStatusOf(code as never) : 'missing',
      }).toEqual({
        code,
        status: kind === 'Internal' ? 500 : statusOf(kind),
      });
    }
  });

  test('every catalogued code is raised somewhere', () => {
    expect(PROBLEM_CODES.filter((code) => !raised.has(code))).toEqual([]);
  });
});

describe('the generated document', () => {
  const operations = (doc: Doc): [string, string, Doc][] =>
    Object.entries(doc.paths as Doc).flatMap(([p, item]) =>
      Object.entries(item as Doc).map(([method, op]) => [p, method, op as Doc] as [string, string, Doc]),
    );

  test('one operation per contract entry, dev/token only in dev mode', () => {
    const ids = (doc: Doc) =>
      operations(doc)
        .map(([, , op]) => op.operationId as string)
        .sort();
    expect(ids(dev)).toEqual(Object.keys(API_CONTRACT).sort());
    expect(ids(entra)).toEqual(
      Object.keys(API_CONTRACT)
        .filter((n) => n !== 'devToken')
        .sort(),
    );
    expect(entra.paths['/api/dev/token']).toBeUndefined();
    expect(entra.components.schemas.DevTokenRequest).toBeUndefined();
    expect(dev.components.schemas.DevTokenRequest).toBeDefined();
  });

  test('paths and methods are the registered routes, with the catch-all written as a parameter', () => {
    for (const [name, op] of API_OPERATIONS) {
      const expected = `/api/${op.route.replace('{*sourceAnchor}', '{sourceAnchor}')}`;
      expect(dev.paths[expected]?.[op.method.toLowerCase()]?.operationId).toBe(name);
    }
  });

  test('the bearer scheme applies to every operation but the anonymous ones', () => {
    expect(dev.components.securitySchemes.bearerAuth).toMatchObject({
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'JWT',
    });
    for (const [, , op] of operations(dev)) {
      const contract = API_CONTRACT[op.operationId as keyof typeof API_CONTRACT];
      expect({ id: op.operationId, security: op.security }).toEqual({
        id: op.operationId,
        security: contract.access === 'anonymous' ? [] : [{ bearerAuth: [] }],
      });
    }
    expect(
      ['health', 'openApi', 'devToken'].every((n) => API_CONTRACT[n as 'health'].access === 'anonymous'),
    ).toBe(true);
  });

  test('each problem response lists exactly the codes of its status, as an enum on `code`', () => {
    for (const [name, op] of API_OPERATIONS) {
      const documented = dev.paths[`/api/${op.route.replace('{*sourceAnchor}', '{sourceAnchor}')}`][
        op.method.toLowerCase()
      ].responses as Doc;
      const listed: string[] = [];
      for (const [status, response] of Object.entries(documented)) {
        const problem = response.content?.['application/problem+json'];
        if (!problem) continue;
        const narrowing = problem.schema.allOf[1].properties;
        expect(narrowing.status.const).toBe(Number(status));
        for (const code of narrowing.code.enum as string[]) {
          expect({ name, code, status: problemStatusOf(code as never) }).toEqual({
            name,
            code,
            status: Number(status),
          });
          listed.push(code);
        }
      }
      expect(listed.sort()).toEqual(problemCodesOf(op));
    }
  });

  test('secured operations can answer 401, 403 and 429 (with Retry-After); state-changing POSTs take Idempotency-Key', () => {
    for (const [name, op] of API_OPERATIONS) {
      const documented = dev.paths[`/api/${op.route.replace('{*sourceAnchor}', '{sourceAnchor}')}`][
        op.method.toLowerCase()
      ] as Doc;
      const secured = op.access !== 'anonymous';
      expect({ name, statuses: ['401', '403', '429'].filter((s) => s in documented.responses) }).toEqual({
        name,
        statuses: secured ? ['401', '403', '429'] : [],
      });
      if (secured) expect(documented.responses['429'].headers['Retry-After']).toBeDefined();
      const takesKey = ((documented.parameters ?? []) as Doc[]).some(
        (p: Doc) => p.$ref === '#/components/parameters/IdempotencyKey',
      );
      expect({ name, takesKey }).toEqual({ name, takesKey: secured && op.method === 'POST' });
      if (op.body)
        expect(Object.keys(documented.responses as Doc)).toEqual(
          expect.arrayContaining(['400', '413', '415']),
        );
    }
  });

  test('request and response schemas come from the zod schemas, in their input and output forms', () => {
    const { schemas } = dev.components;
    // Input: a default makes a field optional, and the transform shows what is sent.
    expect(schemas.SourceObjectInput.required).toEqual(['objectType']);
    expect(schemas.CloudObjectInput.properties.objectId).toMatchObject({ type: 'string', format: 'uuid' });
    const list = dev.paths['/api/cloud-objects'].get.parameters as Doc[];
    expect(list.find((p) => p.name === 'includeDeleted')).toMatchObject({
      in: 'query',
      required: false,
      schema: { type: 'string', enum: ['true', 'false'], default: 'false' },
    });
    expect(list.find((p) => p.name === 'top')).toMatchObject({
      schema: { type: 'integer', minimum: 1, maximum: 999 },
    });
    // Output: every field is present, nullable ones say so.
    expect(schemas.SourceObject.required).toContain('deletedAt');
    expect(schemas.SourceObject.properties.deletedAt.type).toEqual(['string', 'null']);
    expect(schemas.SyncError.properties.conflictingObject).toEqual({
      $ref: '#/components/schemas/SyncErrorObject',
    });
    // Null for an error about one object alone (issue 12: IdentityDataValidationFailed, LargeObject).
    expect(schemas.SyncError.properties.existingObject.anyOf).toEqual([
      { $ref: '#/components/schemas/SyncErrorObject' },
      { type: 'null' },
    ]);
    expect(JSON.stringify(dev)).not.toMatch(/"\$schema"|"\$id"/);
  });

  test('every $ref resolves, and every component is used', () => {
    const text = JSON.stringify(dev);
    const refs = new Set(
      [...text.matchAll(/"\$ref":"#\/components\/(\w+)\/(\w+)"/g)].map((m) => `${m[1]}/${m[2]}`),
    );
    for (const ref of refs) {
      const [kind, name] = ref.split('/') as [string, string];
      expect({ ref, found: name in ((dev.components[kind] ?? {}) as Doc) }).toEqual({ ref, found: true });
    }
    for (const name of Object.keys(dev.components.schemas as Doc)) expect(refs).toContain(`schemas/${name}`);
  });

  test('the sync-error list also answers CSV, with the columns the export writes', () => {
    const ok = dev.paths['/api/sync-errors'].get.responses['200'];
    expect(Object.keys(ok.content as Doc)).toEqual(['application/json', 'text/csv']);
    expect(ok.content['text/csv'].schema.description).toContain('existingObject.userPrincipalName');
  });
});
