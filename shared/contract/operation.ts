import type { z } from 'zod';
import type { Access } from '../auth/principal';
import type { ProblemCode } from './problems';

export type ApiMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** One success answer of an operation. `json` is the schema of the JSON body, absent for 204. */
export interface SuccessResponse {
  /** 202: accepted, to be polled where `Location` says. */
  status: 200 | 202 | 204;
  description: string;
  json?: z.ZodType;
  /** Also answers `text/csv` (chosen by `Accept`), described in words: CSV has no schema. */
  csv?: string;
  /** Answers `text/plain` (a file to download, such as LDIF), described in words. */
  text?: string;
  /** Response headers worth knowing, by name, with what they say. */
  headers?: Readonly<Record<string, string>>;
}

/** The 404 an impossible route value gets: the code and detail of an unknown record. */
export interface UnknownParams {
  code: ProblemCode;
  detail: string;
}

/**
 * What one HTTP function accepts and answers, keyed by its function name in the contract. The
 * schemas are the very objects the handler parses with (request) or types its view with
 * (response); the OpenAPI document is generated from them, never written by hand.
 */
export interface ApiOperation {
  method: ApiMethod;
  /** As registered with `app.http`, without the `api/` prefix. */
  route: string;
  summary: string;
  description?: string;
  tag: string;
  access: Access;
  /** Registered only when `AUTH_MODE=dev` (functions/devToken.ts). */
  devOnly?: true;
  /** Route parameters: an object schema whose keys are the template's parameters. */
  params?: z.ZodObject;
  /**
   * What route values the params schema refuses answer: this 404, the same as an unknown id (an id
   * that cannot be one names nothing). Without it, a 400 ValidationFailed naming `route.<name>`.
   */
  paramsNotFound?: UnknownParams;
  query?: z.ZodObject;
  body?: { schema: z.ZodType; description: string };
  responses: readonly SuccessResponse[];
  /**
   * The codes this operation raises itself. Those its shape implies (a token, a body, a query, a
   * POST's Idempotency-Key) are added by `problemCodesOf`, as shared/http/route.ts raises them.
   */
  problems: readonly ProblemCode[];
}

/** Lives in shared/describes.ts, where the records and the store's codecs use it too. */
export { describes, type Same } from '../describes';
