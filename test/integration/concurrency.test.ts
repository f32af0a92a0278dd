import { randomUUID } from 'node:crypto';
import type { EntityTable } from '../../shared/store/entityTable';
import { applyFix } from '../../shared/diagnosis/applyFix';
import {
  answerDiagnosis,
  closeSyncErrorDiagnosis,
  type ActionContext,
} from '../../shared/diagnosis/diagnosisUseCases';
import { AppError } from '../../shared/errors';
import { readTenantSnapshot } from '../../shared/store/tenantSnapshot';
import { runSyncCycle } from '../../shared/sync/runSyncCycle';
import { ORPHANED } from '../support/seedScenarios';
import { loadSeedScenarios, orphanedUpnErrorId } from '../support/scenarioLoader';
import { memoryTable } from '../support/table';
import { storeOf, storesOf } from '../support/tenantStore';

let table: EntityTable;
beforeEach(() => {
  table = memoryTable();
});

const ctxFor = (tenantId: string, oid = 'admin'): ActionContext => ({
  store: storeOf(table, tenantId),
  actor: { oid, name: oid },
  now: new Date(),
});

async function readyForFix(tenantId: string): Promise<string> {
  await loadSeedScenarios(table, tenantId);
  const id = await orphanedUpnErrorId(table, tenantId);
  await answerDiagnosis(ctxFor(tenantId), id, 'userExistsOnPremises', 'no');
  await answerDiagnosis(ctxFor(tenantId), id, 'sameUser', 'yes');
  return id;
}

function codeOf(result: PromiseSettledResult<unknown>): string {
  if (result.status === 'fulfilled') return 'ok';
  return result.reason instanceof AppError ? result.reason.code : `unexpected: ${String(result.reason)}`;
}

describe('one winner', () => {
  test('20 concurrent apply-fix calls: one succeeds, the rest get 409 with a code; moved once, deleted once', async () => {
    const tenant = randomUUID();
    const id = await readyForFix(tenant);
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => applyFix(ctxFor(tenant, `admin-${i}`), id, () => new Date())),
    );
    const codes = results.map(codeOf);
    expect(codes.filter((c) => c === 'ok')).toHaveLength(1);
    for (const code of codes.filter((c) => c !== 'ok')) {
      expect(['FixAlreadyApplied', 'ConcurrentUpdate']).toContain(code);
    }
    const snapshot = await readTenantSnapshot(table, tenant);
    const holders = snapshot.cloudObjects.filter(
      (c) => c.sourceAnchor === ORPHANED.recreatedSource.sourceAnchor,
    );
    expect(holders.map((c) => c.objectId)).toEqual([ORPHANED.existingCloud.objectId]);
    expect(snapshot.cloudObjects).toHaveLength(3); // Johnson, Jackson, the existing object; the duplicate is gone
    const fixes = [];
    // Audit events live in the tenant's audit partition (shared/store/tenantLayout.ts).
    const { audit } = await storeOf(table, tenant).layout();
    for await (const page of table
      .listEntities({ queryOptions: { filter: `PartitionKey eq '${audit}'` } })
      .byPage()) {
      for (const row of page) if (row.action === 'applyFix') fixes.push(row);
    }
    expect(fixes).toHaveLength(1);
  });

  test('concurrent close, answer and fix on one error never leave a mixed state', async () => {
    for (let round = 0; round < 5; round++) {
      const tenant = randomUUID();
      const id = await readyForFix(tenant);
      const results = await Promise.allSettled([
        closeSyncErrorDiagnosis(ctxFor(tenant), id),
        answerDiagnosis(ctxFor(tenant), id, 'userExistsOnPremises', 'yes'),
        applyFix(ctxFor(tenant), id, () => new Date()),
      ]);
      const snapshot = await readTenantSnapshot(table, tenant);
      const error = snapshot.openErrors.find((e) => e.id === id)!;
      const existing = snapshot.cloudObjects.find((c) => c.objectId === ORPHANED.existingCloud.objectId)!;
      const fixed = existing.sourceAnchor === ORPHANED.recreatedSource.sourceAnchor;
      // The fix happened entirely or not at all, and the error says which.
      expect(error.diagnoseStatus === 'PendingSync').toBe(fixed);
      expect(codeOf(results[2]) === 'ok').toBe(fixed);
      if (!fixed) expect(snapshot.cloudObjects).toHaveLength(4);
      for (const r of results) expect(codeOf(r)).not.toMatch(/^unexpected/);
    }
  });

  test('a fix racing a sync cycle: one of them waits or is refused, and no update is lost', async () => {
    for (let round = 0; round < 5; round++) {
      const tenant = randomUUID();
      const id = await readyForFix(tenant);
      const [fix, cycle] = await Promise.allSettled([
        applyFix(ctxFor(tenant), id, () => new Date()),
        runSyncCycle({ store: storesOf(table), now: () => new Date(), leaseSeconds: 60 }, tenant, 'http'),
      ]);
      // A cycle that ran first resets the answers (the seed: status resets each sync), so the fix is then unavailable.
      expect(['ok', 'SyncCycleInProgress', 'FixNotAvailable']).toContain(codeOf(fix));
      expect(['ok', 'SyncCycleInProgress']).toContain(codeOf(cycle));
      const snapshot = await readTenantSnapshot(table, tenant);
      const existing = snapshot.cloudObjects.find((c) => c.objectId === ORPHANED.existingCloud.objectId)!;
      if (codeOf(fix) === 'ok') {
        // The fix survived whatever the cycle wrote: the anchor stays moved, the duplicate stays gone.
        expect(existing.sourceAnchor).toBe(ORPHANED.recreatedSource.sourceAnchor);
        const duplicates = snapshot.cloudObjects.filter((c) =>
          c.userPrincipalName?.startsWith('joe.johnson'),
        );
        expect(duplicates.map((c) => c.objectId)).toEqual([ORPHANED.existingCloud.objectId]);
      }
    }
  });
});
