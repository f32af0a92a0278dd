import fc from 'fast-check';
import type { CloudObject, SourceObject } from '../../../shared/directory/model';
import { passesValueRules } from '../../../shared/preflight/objectValues';
import { namespacesOf } from '../../../shared/preflight/uniqueSuggestion';
import { normalizeIn, type Namespace } from '../../../shared/preflight/valueIndex';
import { cloud, preflight, source } from './preflightFixtures';

/**
 * The promise of the SPEC's "Suggestions": never a value another object already holds, on-premises or in
 * the cloud, nor one suggested to another row; and never one that breaks a rule itself. The values come
 * from a small pool, so collisions, broken forms and their IdFix fixes meet often.
 */

const LOCALS = ['jdoe', 'jdoe.', 'jdoe..', '.jdoe', 'j doe', 'jdoe2', 'a@b', 'jo$hn', 'john'];
const DOMAINS = ['contoso.com', 'CONTOSO.com', 'contoso.local', 'fabrikam.com'];
const address = fc
  .tuple(fc.constantFrom(...LOCALS), fc.constantFrom(...DOMAINS))
  .map(([l, d]) => `${l}@${d}`);
const proxy = fc.tuple(fc.constantFrom('SMTP:', 'smtp:', 'smtp:'), address).map(([p, a]) => p + a);
const nickname = fc.constantFrom('jdoe', 'JDoe', '.jdoe', 'jdoe2', '..jdoe');

const sourceArb = (i: number) =>
  fc
    .record({
      userPrincipalName: address,
      proxyAddresses: fc.uniqueArray(proxy, { maxLength: 3, selector: (p) => p.toLowerCase() }),
      mailNickname: fc.option(nickname, { nil: null }),
      inScope: fc.constantFrom(true, true, true, false),
    })
    .map((r) => {
      // At most one primary address, as the API takes it.
      let primary = false;
      const proxyAddresses = r.proxyAddresses.map((p) => {
        if (!p.startsWith('SMTP:')) return p;
        if (primary) return `smtp:${p.slice(5)}`;
        primary = true;
        return p;
      });
      return source(`S${i}`, { ...r, proxyAddresses, sequence: i + 1 });
    });

const cloudArb = (i: number) =>
  fc
    .record({
      userPrincipalName: address,
      proxyAddresses: fc.uniqueArray(proxy, { maxLength: 2, selector: (p) => p.toLowerCase() }),
      sourceAnchor: fc.constantFrom(null, `orphan${i}`, 'S0'),
    })
    .map((r) =>
      cloud(`00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, {
        ...r,
        proxyAddresses: r.proxyAddresses.map((p) => `smtp:${p.slice(5)}`),
        dirSyncEnabled: r.sourceAnchor !== null,
        sequence: i + 1,
      }),
    );

const tenant = fc
  .tuple(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 0, max: 3 }))
  .chain(([s, c]) =>
    fc.tuple(
      fc.tuple(...Array.from({ length: s }, (_, i) => sourceArb(i))),
      c === 0
        ? fc.constant([] as CloudObject[])
        : fc.tuple(...Array.from({ length: c }, (_, i) => cloudArb(i))),
    ),
  );

function valuesIn(namespace: Namespace, object: SourceObject | CloudObject): string[] {
  switch (namespace) {
    case 'upn':
      return object.userPrincipalName === null ? [] : [object.userPrincipalName];
    case 'proxy':
      return object.proxyAddresses;
    case 'mailNickname':
      return object.mailNickname === null ? [] : [object.mailNickname];
    case 'sip':
      return object.sipProxyAddress === null ? [] : [object.sipProxyAddress];
    case 'sid':
      return object.onPremisesSecurityIdentifier === null ? [] : [object.onPremisesSecurityIdentifier];
  }
}

describe('suggestions (SPEC "Preflight": never a value another object already holds)', () => {
  it('never name a value another source or cloud object holds, nor another row’s suggestion, and pass every rule', () => {
    fc.assert(
      fc.property(tenant, ([sources, clouds]) => {
        const rows = preflight([...sources], [...clouds]);
        const suggested = new Set<string>();
        for (const row of rows) {
          const suggestion = row.suggestedValue;
          if (suggestion === null) continue;
          expect(passesValueRules(row.attribute, suggestion)).toBe(true);
          namespacesOf(row.attribute, suggestion).forEach((namespace, i) => {
            const wanted = normalizeIn(namespace, suggestion);
            const others = [
              ...sources.filter((s) => s.sourceAnchor !== row.sourceAnchor),
              ...clouds.filter((c) => c.sourceAnchor !== row.sourceAnchor),
            ];
            for (const other of others) {
              expect(valuesIn(namespace, other).map((v) => normalizeIn(namespace, v))).not.toContain(wanted);
            }
            if (i === 0) {
              const key = `${namespace} ${wanted}`;
              expect(suggested.has(key)).toBe(false);
              suggested.add(key);
            }
          });
          if (row.attribute === 'proxyAddresses') {
            const self = sources.find((s) => s.sourceAnchor === row.sourceAnchor)!;
            const rest = self.proxyAddresses
              .filter((p) => p !== row.value)
              .map((p) => normalizeIn('proxy', p));
            expect(rest).not.toContain(normalizeIn('proxy', suggestion));
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('finds collisions to avoid at all (the property is not vacuous)', () => {
    const rows = preflight([
      source('A', { userPrincipalName: 'jdoe@contoso.com', sequence: 1 }),
      source('B', { userPrincipalName: 'jdoe.@contoso.com', sequence: 2 }),
    ]);
    expect(rows.find((r) => r.sourceAnchor === 'B')?.suggestedValue).toBe('jdoe2@contoso.com');
  });
});
