import type { StoredRow } from './memoryEntity';
import { TableFailure } from './memoryTableErrors';

/**
 * The OData `$filter` subset Table Storage evaluates, for the in-memory table: comparisons
 * (`eq ne gt ge lt le`) of properties and literals (strings with `''` escaping, numbers, booleans,
 * `datetime'…'`), joined by `and`, `or`, `not` and parentheses. Semantics as Azurite has them:
 * a comparison with a missing property is false (so `p ne 'x'` skips rows without `p`, while
 * `not (p eq 'x')` keeps them); values of different types are unequal (`ne` holds); strings
 * compare by UTF-16 code unit. Ordering values of different types fails here; Azurite coerces them
 * as JavaScript does (`1 gt ''` holds), which no store query relies on, so the contract leaves it
 * out. Anything else is refused with 400 InvalidInput, as Azure does (Azurite answers such a
 * filter with no rows, which would hide the mistake).
 */
export type RowPredicate = (row: StoredRow) => boolean;

/**
 * A filter with the key range it implies: the store's filters are `PartitionKey eq … and RowKey ge
 * …`, so a scan can start at the range and stop after the partition instead of reading every row.
 */
export interface CompiledFilter {
  matches: RowPredicate;
  partitionKey?: string | undefined;
  /** With partitionKey: no matching row has a smaller RowKey. */
  rowKeyFrom?: string | undefined;
}

type Typed =
  | { type: 'string'; value: string }
  | { type: 'number'; value: number }
  | { type: 'boolean'; value: boolean }
  /** Normalized to ISO 8601 with seven fractional digits, so order is string order. */
  | { type: 'datetime'; value: string };

type Operand = { kind: 'literal'; typed: Typed } | { kind: 'property'; name: string };

type Token = { kind: 'open' | 'close' } | { kind: 'word'; text: string } | { kind: 'literal'; typed: Typed };

const COMPARISONS = new Set(['eq', 'ne', 'gt', 'ge', 'lt', 'le']);
const KEYWORDS = new Set([...COMPARISONS, 'and', 'or', 'not', 'true', 'false']);

const compiled = new Map<string, CompiledFilter>();

export function compileFilter(filter: string): CompiledFilter {
  let predicate = compiled.get(filter);
  if (!predicate) {
    predicate = new Parser(tokenize(filter)).parseAll();
    // Filters are built from a few templates, but their values vary: keep the cache bounded.
    if (compiled.size > 1000) compiled.clear();
    compiled.set(filter, predicate);
  }
  return predicate;
}

function invalid(why: string): TableFailure {
  return new TableFailure('InvalidInput', `Invalid filter: ${why}`);
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  while (at < text.length) {
    const rest = text.slice(at);
    const space = /^\s+/.exec(rest);
    if (space) {
      at += space[0].length;
      continue;
    }
    if (rest.startsWith('(') || rest.startsWith(')')) {
      tokens.push({ kind: rest.startsWith('(') ? 'open' : 'close' });
      at += 1;
      continue;
    }
    const quoted = /^(datetime)?'((?:[^']|'')*)'/.exec(rest);
    if (quoted) {
      const body = (quoted[2] ?? '').replace(/''/g, "'");
      tokens.push({
        kind: 'literal',
        typed: quoted[1] ? datetimeLiteral(body) : { type: 'string', value: body },
      });
      at += quoted[0].length;
      continue;
    }
    const number = /^-?\d+(\.\d+)?([eE][+-]?\d+)?(?![\w.])/.exec(rest);
    if (number) {
      tokens.push({ kind: 'literal', typed: { type: 'number', value: Number(number[0]) } });
      at += number[0].length;
      continue;
    }
    const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(rest);
    if (word && !rest.startsWith("'", word[0].length)) {
      tokens.push({ kind: 'word', text: word[0] });
      at += word[0].length;
      continue;
    }
    throw invalid(`unexpected text at ${at}: ${rest.slice(0, 20)}`);
  }
  return tokens;
}

function datetimeLiteral(text: string): Typed {
  const exact = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,7}))?Z$/.exec(text);
  if (exact) return { type: 'datetime', value: `${exact[1] ?? ''}.${(exact[2] ?? '').padEnd(7, '0')}Z` };
  const parsed = new Date(text);
  if (Number.isNaN(parsed.getTime())) throw invalid(`bad datetime '${text}'`);
  return { type: 'datetime', value: isoWithTicks(parsed) };
}

/** A Date as the service writes Edm.DateTime in a timestamp: seven fractional digits. */
export function isoWithTicks(date: Date): string {
  return date.toISOString().replace('Z', '0000Z');
}

class Parser {
  private at = 0;

  constructor(private readonly tokens: Token[]) {}

  parseAll(): CompiledFilter {
    const predicate = this.or();
    if (this.at !== this.tokens.length) throw invalid('unexpected trailing tokens');
    return predicate;
  }

  private peekWord(): string | undefined {
    const token = this.tokens[this.at];
    return token?.kind === 'word' ? token.text : undefined;
  }

  /** A disjunction implies no range. */
  private or(): CompiledFilter {
    let left = this.and();
    while (this.peekWord() === 'or') {
      this.at++;
      const l = left.matches;
      const r = this.and().matches;
      left = { matches: (row) => l(row) || r(row) };
    }
    return left;
  }

  /** A conjunction implies the range of either side (and the higher RowKey bound). */
  private and(): CompiledFilter {
    let left = this.unary();
    while (this.peekWord() === 'and') {
      this.at++;
      const l = left;
      const r = this.unary();
      const from = [l.rowKeyFrom, r.rowKeyFrom].filter((k) => k !== undefined).sort();
      left = {
        matches: (row) => l.matches(row) && r.matches(row),
        partitionKey: l.partitionKey ?? r.partitionKey,
        rowKeyFrom: from.at(-1),
      };
    }
    return left;
  }

  private unary(): CompiledFilter {
    if (this.peekWord() === 'not') {
      this.at++;
      const inner = this.unary().matches;
      return { matches: (row) => !inner(row) };
    }
    if (this.tokens[this.at]?.kind === 'open') {
      this.at++;
      const inner = this.or();
      if (this.tokens[this.at]?.kind !== 'close') throw invalid('missing )');
      this.at++;
      return inner;
    }
    return this.comparison();
  }

  private comparison(): CompiledFilter {
    const left = this.operand();
    const op = this.peekWord();
    if (op === undefined || !COMPARISONS.has(op)) throw invalid('expected a comparison operator');
    this.at++;
    const right = this.operand();
    return { matches: this.predicate(left, op, right), ...rangeOf(left, op, right) };
  }

  private predicate(left: Operand, op: string, right: Operand): RowPredicate {
    return (row) => {
      const a = valueOf(left, row);
      const b = valueOf(right, row);
      if (a === undefined || b === undefined) return false;
      if (a.type !== b.type) return op === 'ne';
      return holds(op, a.value < b.value ? -1 : a.value > b.value ? 1 : 0);
    };
  }

  private operand(): Operand {
    const token = this.tokens[this.at++];
    if (token?.kind === 'literal') return { kind: 'literal', typed: token.typed };
    if (token?.kind === 'word') {
      if (token.text === 'true' || token.text === 'false')
        return { kind: 'literal', typed: { type: 'boolean', value: token.text === 'true' } };
      if (!KEYWORDS.has(token.text)) return { kind: 'property', name: token.text };
    }
    throw invalid('expected a property or a value');
  }
}

function rangeOf(left: Operand, op: string, right: Operand): Omit<CompiledFilter, 'matches'> {
  if (left.kind !== 'property' || right.kind !== 'literal' || right.typed.type !== 'string') return {};
  if (left.name === 'PartitionKey' && op === 'eq') return { partitionKey: right.typed.value };
  if (left.name === 'RowKey' && (op === 'ge' || op === 'gt' || op === 'eq'))
    return { rowKeyFrom: right.typed.value };
  return {};
}

function holds(op: string, order: number): boolean {
  switch (op) {
    case 'eq':
      return order === 0;
    case 'ne':
      return order !== 0;
    case 'gt':
      return order > 0;
    case 'ge':
      return order >= 0;
    case 'lt':
      return order < 0;
    default:
      return order <= 0;
  }
}

function valueOf(operand: Operand, row: StoredRow): Typed | undefined {
  if (operand.kind === 'literal') return operand.typed;
  switch (operand.name) {
    case 'PartitionKey':
      return { type: 'string', value: row.partitionKey };
    case 'RowKey':
      return { type: 'string', value: row.rowKey };
    case 'Timestamp':
      return { type: 'datetime', value: row.timestamp };
  }
  const value = row.properties.get(operand.name);
  if (value === undefined) return undefined;
  if (value instanceof Date) return { type: 'datetime', value: isoWithTicks(value) };
  if (typeof value === 'string') return { type: 'string', value };
  if (typeof value === 'number') return { type: 'number', value };
  return { type: 'boolean', value };
}
