import { UNSTORABLE_CHARACTERS } from '../store/storableText';
import type { HttpRequest } from '@azure/functions';
import type { z } from 'zod';
import { AppError, badRequest } from '../errors';
import { validationError } from './validation';

/** Larger bodies are refused before they are parsed: 1,000 objects fit well within it. */
export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * Reads a JSON body and parses it with the route's schema. Every refusal is a 4xx with a
 * detail that says what to change; nothing is written before this returns.
 */
export async function readJsonBody<S extends z.ZodType>(
  request: HttpRequest,
  schema: S,
): Promise<z.infer<S>> {
  const contentType = request.headers.get('content-type') ?? '';
  if (!/^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i.test(contentType)) {
    throw new AppError(
      'UnsupportedMediaType',
      'UnsupportedMediaType',
      'The body must be JSON: send Content-Type: application/json.',
    );
  }
  const bytes = await readBodyBytes(request, MAX_BODY_BYTES, tooLarge);
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw badRequest('MalformedJson', 'The body is not well-formed UTF-8 JSON.');
  }
  const broken = brokenText(value);
  if (broken === 'loneSurrogate') {
    throw badRequest(
      'InvalidUnicode',
      'The body holds a string that is not well-formed Unicode (a lone surrogate).',
    );
  }
  if (broken === 'separator') {
    throw badRequest(
      'UnsupportedCharacter',
      'The body holds a line or paragraph separator (U+2028 or U+2029), which this service does not store.',
    );
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw validationError(parsed.error, 'body');
  return parsed.data;
}

export function tooLarge(): AppError {
  return new AppError('PayloadTooLarge', 'PayloadTooLarge', `The body exceeds ${MAX_BODY_BYTES} bytes.`);
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * JSON may carry `\ud800` escapes that decode to lone surrogates: such strings cannot be stored,
 * hex-encoded into keys or put in a filter faithfully, so no part of a body may hold one.
 * Iterative, so a deeply nested body cannot exhaust the stack, and it pushes items one at a time:
 * spreading a 200,000-element array into push() overflows the call stack (a 500 on every route).
 */
function brokenText(root: unknown): 'loneSurrogate' | 'separator' | null {
  const stack: unknown[] = [root];
  const judge = (text: string) =>
    LONE_SURROGATE.test(text) ? 'loneSurrogate' : UNSTORABLE_CHARACTERS.test(text) ? 'separator' : null;
  while (stack.length > 0) {
    const value = stack.pop();
    if (typeof value === 'string') {
      const verdict = judge(value);
      if (verdict) return verdict;
    } else if (Array.isArray(value)) {
      for (const item of value as unknown[]) stack.push(item);
    } else if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) {
        const verdict = judge(key);
        if (verdict) return verdict;
        stack.push(item);
      }
    }
  }
  return null;
}

/** A body-less route reads at most this much: whitespace around `{}` fits, anything longer is refused. */
export const BODYLESS_MAX_BYTES = 64;

/**
 * For routes that take no body (POST actions, DELETEs): nothing, or an empty JSON object, is
 * accepted; anything else is refused rather than silently ignored. At most BODYLESS_MAX_BYTES are
 * read (none when Content-Length already says more). Answers the bytes read, so the caller can hand
 * them on (an Idempotency-Key fingerprints them).
 */
export async function refuseBody(request: HttpRequest): Promise<Uint8Array> {
  const unexpected = () => badRequest('UnexpectedBody', 'This route takes no body: send none (or {}).');
  const bytes = await readBodyBytes(request, BODYLESS_MAX_BYTES, unexpected, unexpected);
  const text = new TextDecoder().decode(bytes).trim();
  if (text === '' || text === '{}') return bytes;
  throw unexpected();
}

/**
 * The body's bytes, read as they arrive and never more than `limit`: a declared Content-Length over
 * it is refused before anything is read, and reading stops as soon as the count passes it. The rest
 * is left unread (the host closes the connection after answering); the stream is not cancelled,
 * since on the Functions host cancelling it would tear down the connection the answer goes back on.
 * A body that ends early (the client went away, the host's timeout cut it) is malformed.
 */
export async function readBodyBytes(
  request: HttpRequest,
  limit: number,
  refusal: () => AppError,
  cut: () => AppError = () => badRequest('MalformedJson', 'The body ended before its declared end.'),
): Promise<Uint8Array> {
  const declared = request.headers.get('content-length');
  if (declared !== null && Number(declared) > limit) throw refusal();
  const body = request.body;
  if (body === null) return new Uint8Array(0);
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      let next: { done: boolean; value?: Uint8Array };
      try {
        next = (await reader.read()) as { done: boolean; value?: Uint8Array };
      } catch {
        throw cut();
      }
      if (next.done || next.value === undefined) break;
      size += next.value.byteLength;
      if (size > limit) throw refusal();
      chunks.push(next.value);
    }
  } finally {
    reader.releaseLock();
  }
  return Buffer.concat(chunks, size);
}
