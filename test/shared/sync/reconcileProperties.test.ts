import fc from 'fast-check';
import type { CloudObject, SourceObject } from '../../../shared/directory/model';
import { reconcile } from '../../../shared/sync/reconcile';
import { uniqueValuesOf } from '../../../shared/sync/uniqueness';
import {
  NOW,
  cloud,
  daysBefore,
  idGenerator,
  input,
  isEmptyPlan,
  settings,
  source,
  cycle,
} from './reconcileFixtures';

/**
 * Issue 12: properties of the whole engine on random small tenants (fast-check, fixed seed):
 * - idempotence: a cycle run twice in a row changes nothing the second time;
 * - order: the plan does not depend on the order the records were read in.
 * The tenants draw from small pools of values so that duplicates, soft matches, class mismatches,
 * admins, invalid UPNs, deletes and restores all happen often.
 */
const UPNS = ['joe@contoso.com', 'ann@contoso.com', 'jo&e@contoso.com', 'Joe@Contoso.com'];
const SMTPS = ['SMTP:joe@contoso.com', 'SMTP:ann@contoso.com', 'smtp:team@contoso.com', 'X500:/o=c/cn=joe'];
const SIPS = [null, 'sip:joe@contoso.com', 'SIP:ann@contoso.com'];
const TYPES = ['User', 'User', 'User', 'Group', 'Contact'] as const;

const sourceArb = (anchor: string, sequence: number): fc.Arbitrary<SourceObject> =>
  fc
    .record({
      objectType: fc.constantFrom(...TYPES),
      upn: fc.constantFrom(...UPNS),
      proxies: fc.subarray(SMTPS, { maxLength: 2 }),
      sip: fc.constantFrom(...SIPS),
      state: fc.constantFrom('active', 'active', 'active', 'deleted', 'outOfScope'),
    })
    .map((r) =>
      source(anchor, {
        sequence,
        objectType: r.objectType,
        userPrincipalName: r.objectType === 'User' ? r.upn : null,
        // At most one primary SMTP address, as the input rules require.
        proxyAddresses: r.proxies.filter(
          (p, i, all) => !p.startsWith('SMTP:') || all.findIndex((q) => q.startsWith('SMTP:')) === i,
        ),
        sipProxyAddress: r.sip,
        deletedAt: r.state === 'deleted' ? daysBefore(NOW, 1) : null,
        inScope: r.state !== 'outOfScope',
      }),
    );

const cloudArb = (
  objectId: string,
  sequence: number,
  anchors: readonly string[],
): fc.Arbitrary<CloudObject> =>
  fc
    .record({
      objectType: fc.constantFrom(...TYPES),
      upn: fc.constantFrom(...UPNS.filter((u) => !u.includes('&'))),
      proxies: fc.subarray(SMTPS, { maxLength: 2 }),
      anchor: fc.constantFrom<string | null>(null, null, ...anchors),
      deleted: fc.constantFrom<string | null>(null, null, null, daysBefore(NOW, 2), daysBefore(NOW, 40)),
      admin: fc.boolean(),
      managed: fc.boolean(),
    })
    .map((r) =>
      cloud(objectId, {
        sequence,
        objectType: r.objectType,
        userPrincipalName: r.objectType === 'User' ? r.upn : null,
        proxyAddresses: r.proxies.filter(
          (p, i, all) => !p.startsWith('SMTP:') || all.findIndex((q) => q.startsWith('SMTP:')) === i,
        ),
        sourceAnchor: r.anchor,
        dirSyncEnabled: r.anchor !== null && r.managed,
        deletedDateTime: r.deleted,
        directoryRoleTemplateIds:
          r.objectType === 'User' && r.admin ? ['62e90394-69f5-4237-9190-012177145e10'] : [],
      }),
    );

const tenantArb = fc
  .record({ sources: fc.integer({ min: 0, max: 5 }), clouds: fc.integer({ min: 0, max: 4 }) })
  .chain(({ sources, clouds }) => {
    const anchors = Array.from({ length: sources }, (_, i) => `anchor-${i}`);
    return fc.record({
      sourceObjects: fc.tuple(...anchors.map((a, i) => sourceArb(a, i + 1))),
      cloudObjects: fc.tuple(
        ...Array.from({ length: clouds }, (_, i) =>
          cloudArb(`00000000-0000-4000-8000-0000000c${String(i).padStart(4, '0')}`, 100 + i, [
            ...anchors,
            'gone',
          ]),
        ),
      ),
      tenantSettings: fc.record({
        blockSoftMatchEnabled: fc.boolean(),
        softMatchOnUpnEnabled: fc.boolean(),
        blockCloudObjectTakeoverThroughHardMatchEnabled: fc.boolean(),
        deletionThreshold: fc.constantFrom<number | null>(null, 1, 500),
      }),
    });
  });

interface Tenant {
  sourceObjects: SourceObject[];
  cloudObjects: CloudObject[];
  tenantSettings: {
    blockSoftMatchEnabled: boolean;
    softMatchOnUpnEnabled: boolean;
    blockCloudObjectTakeoverThroughHardMatchEnabled: boolean;
    deletionThreshold: number | null;
  };
}

/**
 * Entra holds no two objects with one anchor, nor two active objects with one unique value: what the
 * generator draws beyond that is dropped, so the tenants are ones Entra could hold.
 */
function realistic(clouds: readonly CloudObject[]): CloudObject[] {
  const anchors = new Set<string>();
  const values = new Set<string>();
  return clouds.filter((c) => {
    const own =
      c.deletedDateTime === null ? uniqueValuesOf(c).map((v) => `${v.attribute}\n${v.normalized}`) : [];
    if ((c.sourceAnchor !== null && anchors.has(c.sourceAnchor)) || own.some((v) => values.has(v)))
      return false;
    if (c.sourceAnchor !== null) anchors.add(c.sourceAnchor);
    for (const v of own) values.add(v);
    return true;
  });
}

const tenantInput = (t: Tenant) =>
  input({
    sourceObjects: [...t.sourceObjects],
    cloudObjects: realistic(t.cloudObjects),
    settings: settings(t.tenantSettings),
  });

test('idempotence: a cycle run twice in a row changes nothing the second time (1,000 tenants)', () => {
  fc.assert(
    fc.property(tenantArb, (t: Tenant) => {
      const { after } = cycle(tenantInput(t));
      const second = reconcile({ ...after, newObjectId: idGenerator(500) });
      return isEmptyPlan(second);
    }),
    { numRuns: 1000, seed: 20261129 },
  );
});

test('order: the plan does not depend on the order the records were read in (1,000 tenants)', () => {
  fc.assert(
    fc.property(tenantArb, fc.integer(), (t: Tenant, salt: number) => {
      const base = tenantInput(t);
      const shuffle = <T>(items: readonly T[]) =>
        items
          .map((item, i) => ({ item, key: Math.sin(salt + i * 7919) }))
          .sort((a, b) => a.key - b.key)
          .map(({ item }) => item);
      const a = reconcile({ ...base, newObjectId: idGenerator() });
      const b = reconcile({
        ...base,
        sourceObjects: shuffle(base.sourceObjects),
        cloudObjects: shuffle(base.cloudObjects),
        newObjectId: idGenerator(),
      });
      expect(b).toEqual(a);
    }),
    { numRuns: 1000, seed: 20261129 },
  );
});
