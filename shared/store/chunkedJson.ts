import { MAX_STRING_PROPERTY_CHARS } from './entityLimits';

/**
 * A JSON value larger than one string property allows (32K characters) is spread over
 * `<name>0`, `<name>1`, ... properties; the entity as a whole still has to fit in 1 MiB.
 */
export function toChunkedProperties(name: string, value: unknown): Record<string, string | number> {
  const json = JSON.stringify(value);
  const out: Record<string, string | number> = {};
  let count = 0;
  for (let offset = 0; offset < json.length || count === 0; offset += MAX_STRING_PROPERTY_CHARS) {
    out[`${name}${count}`] = json.slice(offset, offset + MAX_STRING_PROPERTY_CHARS);
    count++;
  }
  out[`${name}Chunks`] = count;
  return out;
}

export function fromChunkedProperties(name: string, entity: Record<string, unknown>): unknown {
  const count = entity[`${name}Chunks`];
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > 64) {
    throw new Error(`${name}: missing chunk count`);
  }
  let json = '';
  for (let i = 0; i < count; i++) {
    const part = entity[`${name}${i}`];
    if (typeof part !== 'string') throw new Error(`${name}: chunk ${i} missing`);
    json += part;
  }
  return JSON.parse(json);
}
