import type { z } from 'zod';

type Mutual<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

/**
 * True when A and B are assignable both ways and have the same keys (which catches an optional
 * member one side lacks): the schema and the type describe the same JSON.
 */
export type Same<A, B> = Mutual<A, B> extends true ? Mutual<keyof A, keyof B> : false;

/**
 * `describes<T>()(schema)` returns the schema unchanged, and fails to compile unless what it parses
 * to is exactly T: a schema for a type owned elsewhere (the model, a use case's result) cannot drift
 * from it. A mismatch shows as the schema "not assignable to parameter of type never". Neutral
 * ground (neither the store nor the contract) so that the records, the store's codecs and the
 * contract's responses are all held to their types the same way.
 */
export function describes<T>() {
  return <S extends z.ZodType>(schema: Same<z.output<S>, T> extends true ? S : never): S => schema;
}

/** Each field of I that R has too takes only values R's field holds (undefined aside: a default fills it). */
type FieldsFit<I, R> = {
  [K in keyof I & keyof R]-?: [Exclude<I[K], undefined>] extends [R[K]] ? true : false;
}[keyof I & keyof R];

/**
 * True when the input I names every key of `Needed` and each of its fields the record R has too
 * parses to a value R accepts: an input schema cannot lose a field of its record, nor let through
 * a value the record's type refuses.
 */
export type InputFor<I, R, Needed extends keyof R> = [Exclude<Needed, keyof I>] extends [never]
  ? [FieldsFit<I, R>] extends [true]
    ? true
    : false
  : false;

/**
 * `inputFor<R, Needed>()(schema)` returns the input schema unchanged, and fails to compile unless
 * what it parses to is an input for R in the sense of `InputFor`. Inputs are not records (they hold
 * what a caller may leave out, and fields the record derives), so they are held to it, not derived.
 */
export function inputFor<R, Needed extends keyof R>() {
  return <S extends z.ZodType>(schema: InputFor<z.output<S>, R, Needed> extends true ? S : never): S =>
    schema;
}
