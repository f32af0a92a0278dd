import { z } from 'zod';
import { PROBLEM_CATALOGUE, type ProblemCode, type ProblemEntry } from '../problemCatalogue';
import { statusOf } from '../http/problem';
import type { ApiOperation } from './operation';

// The catalogue lives below http/ so that AppError can type its code with it; the document reads it here.
export { PROBLEM_CATALOGUE, PROBLEM_CODES, type ProblemCode } from '../problemCatalogue';

export function problemStatusOf(code: ProblemCode): number {
  const { kind } = PROBLEM_CATALOGUE[code] as ProblemEntry;
  return kind === 'Internal' ? 500 : statusOf(kind);
}

/**
 * Every problem code an operation can answer with: its own, and those shared/http/route.ts and
 * body.ts raise for its shape (a token and a role, the tenant's rate, a POST's Idempotency-Key,
 * a JSON body, a query, paging). Sorted, without repeats.
 */
export function problemCodesOf(operation: ApiOperation): ProblemCode[] {
  const codes = new Set<ProblemCode>(operation.problems);
  codes.add('InternalError');
  if (operation.access !== 'anonymous') {
    for (const code of ['MissingToken', 'InvalidToken', 'InsufficientRole', 'RateLimited'] as const)
      codes.add(code);
    if (operation.method === 'POST') {
      for (const code of [
        'InvalidIdempotencyKey',
        'IdempotencyKeyReused',
        'IdempotentRequestInProgress',
      ] as const)
        codes.add(code);
    }
  }
  if (operation.body) {
    for (const code of [
      'UnsupportedMediaType',
      'PayloadTooLarge',
      'MalformedJson',
      'InvalidUnicode',
      'UnsupportedCharacter',
      'ValidationFailed',
    ] as const)
      codes.add(code);
  } else if (
    operation.access !== 'anonymous' &&
    (operation.method === 'POST' || operation.method === 'DELETE')
  ) {
    // shared/http/route.ts refuses a body on these (they are the routes marked `bodyless`).
    codes.add('UnexpectedBody');
  }
  if (operation.query) {
    codes.add('ValidationFailed');
    if ('continuationToken' in operation.query.shape) codes.add('InvalidContinuationToken');
  }
  return [...codes].sort();
}

/**
 * application/problem+json (RFC 9457) as shared/http/problem.ts writes it: the five members every
 * problem has, and the extension members some codes add. Other members may be added later.
 */
export const problemSchema = z
  .looseObject({
    type: z.url().meta({ description: 'https://errors.entra-sync-remediation.dev/<code>' }),
    title: z.string(),
    status: z.number().int().min(400).max(599),
    detail: z.string().meta({ description: 'What went wrong and what to change, for a person.' }),
    code: z.string().meta({ description: 'The stable machine-readable reason.' }),
    errors: z
      .array(z.object({ field: z.string(), message: z.string() }))
      .max(50)
      .optional()
      .meta({
        description:
          'ValidationFailed: each rejected field, as `body.<path>`, `query.<name>` or `route.<name>`.',
      }),
    retryAfterSeconds: z
      .number()
      .int()
      .min(1)
      .optional()
      .meta({ description: 'RateLimited: the same as the Retry-After header.' }),
    runningSince: z.string().nullable().optional().meta({
      description: 'SyncCycleInProgress from POST /api/sync-cycles: when the running cycle or fix started.',
    }),
    objectId: z
      .string()
      .optional()
      .meta({ description: 'SourceAnchorInUse: the cloud object holding the anchor.' }),
    ids: z
      .array(z.string())
      .max(50)
      .optional()
      .meta({ description: 'PreflightRowsNotCurrent: the ids that are not current rows (at most 50).' }),
    invocationId: z
      .string()
      .optional()
      .meta({ description: 'InternalError: the id to find the failure in the logs.' }),
  })
  .meta({ description: 'RFC 9457 problem details with a stable `code`.' });

export type ProblemBody = z.infer<typeof problemSchema>;
