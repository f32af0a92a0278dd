import type { CloudObject, SourceObject } from '../../../shared/directory/model';
import { createMemoryTable } from '../../../shared/store/memoryTable';
import { openTenantStore } from '../../../shared/store/tenantStore';

const TENANT = '11111111-2222-3333-4444-555555555555';
const OTHER = '99999999-2222-3333-4444-555555555555';

function cloud(objectId: string, overrides: Partial<CloudObject> = {}): CloudObject {
  return {
    objectId,
    objectType: 'User',
    userPrincipalName: `${objectId}@contoso.com`,
    mailNickname: null,
    displayName: null,
    proxyAddresses: [],
    sipProxyAddress: null,
    onPremisesSecurityIdentifier: null,
    sourceAnchor: null,
    dirSyncEnabled: false,
    deletedDateTime: null,
    directoryRoleTemplateIds: [],
    sequence: 0,
    createdDateTime: '2025-01-01T00:00:00.000Z',
    ...overrides,
  };
}

function source(sourceAnchor: string): SourceObject {
  return {
    sourceAnchor,
    distinguishedName: null,
    objectType: 'User',
    userPrincipalName: `${sourceAnchor}@contoso.com`,
    mailNickname: null,
    displayName: null,
    proxyAddresses: [],
    sipProxyAddress: null,
    onPremisesSecurityIdentifier: null,
    inScope: true,
    sequence: 0,
    deletedAt: null,
    connectorState: 'PendingAdd',
    objectId: null,
    updatedAt: '2025-01-01T00:00:00.000Z',
  };
}

const keepCreated = (previous: CloudObject, record: CloudObject) => ({
  ...record,
  createdDateTime: previous.createdDateTime,
});

/** One directory partition: the lists then page in plain key order, which these tests check. */
function setup(directoryPartitions = 1) {
  const base = { table: createMemoryTable(), pagingKey: Buffer.alloc(32, 1), directoryPartitions };
  return {
    base,
    directory: openTenantStore(base, TENANT).directory,
    other: openTenantStore(base, OTHER).directory,
  };
}

describe('directoryRepository (in memory)', () => {
  test('a cloud object is read back by id, case-insensitively, with its version; another tenant sees none', async () => {
    const { directory, other } = setup();
    expect(await directory.getCloud('abc')).toBeNull();
    await directory.upsertClouds([cloud('abc')], keepCreated);
    const found = await directory.getCloud('ABC');
    expect(found?.record).toMatchObject({ objectId: 'abc', sequence: 1 });
    expect(typeof found?.etag).toBe('string');
    expect(await other.getCloud('abc')).toBeNull();
  });

  test('an upsert counts creates and updates; an existing object keeps its sequence and what merge says', async () => {
    const { directory } = setup();
    expect(await directory.upsertClouds([cloud('a'), cloud('b')], keepCreated)).toEqual({
      created: 2,
      updated: 0,
    });
    const again = [cloud('a', { displayName: 'A', createdDateTime: 'later' }), cloud('c')];
    expect(await directory.upsertClouds(again, keepCreated)).toEqual({ created: 1, updated: 1 });
    const a = await directory.getCloud('a');
    expect(a?.record).toMatchObject({
      displayName: 'A',
      createdDateTime: '2025-01-01T00:00:00.000Z',
      sequence: 1,
    });
  });

  test('anchor holders and the clouds holding some anchors, soft-deleted ones included', async () => {
    const { directory } = setup();
    await directory.upsertClouds(
      [
        cloud('a', { sourceAnchor: 'x/1+' }),
        cloud('b', { sourceAnchor: 'y', deletedDateTime: '2025-02-01T00:00:00.000Z' }),
        cloud('c'),
      ],
      keepCreated,
    );
    expect([...(await directory.anchorHolders())].sort()).toEqual([
      ['x/1+', 'a'],
      ['y', 'b'],
    ]);
    const holding = await directory.cloudsWithAnchors(['y', 'x/1+', 'none']);
    expect(holding.map((c) => c.objectId).sort()).toEqual(['a', 'b']);
    expect(await directory.cloudsWithAnchors([])).toEqual([]);
  });

  test('cloud lists page with sealed tokens, filter on the UPN and leave out deleted objects unless asked', async () => {
    const { directory } = setup();
    await directory.upsertClouds(
      [cloud('a'), cloud('b', { deletedDateTime: '2025-02-01T00:00:00.000Z' }), cloud('c'), cloud('d')],
      keepCreated,
    );
    const first = await directory.listClouds({ includeDeleted: false }, 2, undefined);
    expect(first.value.map((c) => c.objectId)).toEqual(['a', 'c']);
    expect(first.continuationToken).not.toBeNull();
    const second = await directory.listClouds({ includeDeleted: false }, 2, first.continuationToken ?? '');
    expect(second).toEqual({ value: [expect.objectContaining({ objectId: 'd' })], continuationToken: null });
    const all = await directory.listClouds({ includeDeleted: true }, 10, undefined);
    expect(all.value).toHaveLength(4);
    const byUpn = await directory.listClouds(
      { userPrincipalName: 'C@CONTOSO.COM', includeDeleted: true },
      10,
      undefined,
    );
    expect(byUpn.value.map((c) => c.objectId)).toEqual(['c']);
    await expect(
      directory.listClouds({ includeDeleted: true }, 2, first.continuationToken ?? ''),
    ).rejects.toMatchObject({ code: 'InvalidContinuationToken' });
  });

  test('deletes are conditioned on the version read: a stale one is refused with 412', async () => {
    const { directory } = setup();
    await directory.upsertClouds([cloud('a')], keepCreated);
    const read = await directory.getCloud('a');
    if (!read) throw new Error('not stored');
    await directory.softDeleteCloud('a', '2025-03-01T00:00:00.000Z', read.etag);
    await expect(directory.hardDeleteCloud('a', read.etag)).rejects.toMatchObject({ statusCode: 412 });
    const deleted = await directory.getCloud('a');
    expect(deleted?.record.deletedDateTime).toBe('2025-03-01T00:00:00.000Z');
    await directory.hardDeleteCloud('a', deleted?.etag ?? '');
    expect(await directory.getCloud('a')).toBeNull();
  });

  test('sources: upsert keeps the connector state, mark-deleted sets both times, lists page in key order', async () => {
    const { directory } = setup();
    await directory.upsertSources([source('s1'), source('s2')], (previous, record) => record);
    const keepState = (previous: SourceObject, record: SourceObject) => ({
      ...record,
      connectorState: previous.connectorState,
    });
    const read = await directory.getSource('s1');
    if (!read) throw new Error('not stored');
    await directory.markSourceDeleted('s1', '2025-04-01T00:00:00.000Z', read.etag);
    expect((await directory.getSource('s1'))?.record).toMatchObject({
      deletedAt: '2025-04-01T00:00:00.000Z',
      updatedAt: '2025-04-01T00:00:00.000Z',
    });
    await expect(directory.markSourceDeleted('s1', 'x', read.etag)).rejects.toMatchObject({
      statusCode: 412,
    });
    expect(
      await directory.upsertSources([{ ...source('s2'), connectorState: 'Exported' }], keepState),
    ).toEqual({
      created: 0,
      updated: 1,
    });
    const page = await directory.listSources(10, undefined);
    expect(page.value.map((s) => [s.sourceAnchor, s.connectorState])).toEqual([
      ['s1', 'PendingAdd'],
      ['s2', 'PendingAdd'],
    ]);
  });

  test('an object too large to store is refused before anything is written', () => {
    const { directory } = setup();
    const huge = cloud('a', {
      proxyAddresses: Array.from({ length: 5000 }, (_, i) => `smtp:u${i}@contoso.com`),
    });
    expect(() => directory.assertCloudFits(huge, 'body.objects.0')).toThrow(/body\.objects\.0/);
    expect(() => directory.assertSourceFits(source('s'), 'body.objects.0')).not.toThrow();
  });

  test('over 32 partitions, paging in any page size returns every object once, and a token of one list does not continue another', async () => {
    const { directory } = setup(32);
    const ids = Array.from({ length: 230 }, (_, i) => `obj${String(i).padStart(3, '0')}`);
    await directory.upsertClouds(
      ids.map((id) => cloud(id)),
      keepCreated,
    );
    for (const top of [1, 7, 50, 229, 230, 231]) {
      const seen: string[] = [];
      let token: string | undefined;
      let pages = 0;
      do {
        const page = await directory.listClouds({ includeDeleted: false }, top, token);
        expect(page.value.length).toBeLessThanOrEqual(top);
        seen.push(...page.value.map((c) => c.objectId));
        token = page.continuationToken ?? undefined;
        pages++;
      } while (token !== undefined && pages < 1000);
      expect({ top, ids: [...seen].sort() }).toEqual({ top, ids });
    }
    const first = await directory.listClouds({ includeDeleted: false }, 5, undefined);
    await expect(directory.listSources(5, first.continuationToken ?? '')).rejects.toMatchObject({
      code: 'InvalidContinuationToken',
    });
  });
});
