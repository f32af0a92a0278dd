import { randomUUID } from 'node:crypto';
import type { EntityTable } from '../../shared/store/entityTable';
import { applyFix } from '../../shared/diagnosis/applyFix';
import { answerDiagnosis, type ActionContext } from '../../shared/diagnosis/diagnosisUseCases';
import { markSourceObjectDeleted, upsertSourceObjects } from '../../shared/directory/sourceObjectRecords';
import { sourceObjectsBody } from '../../shared/contract/directorySchemas';
import { readTenantSnapshot, type TenantSnapshot } from '../../shared/store/tenantSnapshot';
import { runSyncCycle } from '../../shared/sync/runSyncCycle';
import { faultyTable, InjectedFault, type FaultMode } from '../support/faultyTable';
import { ORPHANED } from '../support/seedScenarios';
import { loadSeedScenarios, orphanedUpnErrorId } from '../support/scenarioLoader';
import { memoryTable } from '../support/table';
import { storeOf, storesOf } from '../support/tenantStore';

let table: EntityTable;
beforeAll(() => {
  table = memoryTable();
});

const MODES: FaultMode[] = ['failBefore', 'failAfterCommit'];

/** A tenant's state with the parts a cycle may legitimately vary (ids it made, times) taken out. */
function shape(snapshot: TenantSnapshot) {
  return {
    clouds: snapshot.cloudObjects
      .map((c) => [
        c.sourceAnchor,
        // Placeholder digits are drawn per tenant (stable within one); compare their shape.
        c.userPrincipalName?.replace(/\d{4}@tenant-[0-9a-f]{8}\.onmicrosoft\.com$/, 'NNNN@initial'),
        [...c.proxyAddresses].sort().join(','),
        c.deletedDateTime !== null,
      ])
      .sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    sources: snapshot.sourceObjects.map((s) => [s.sourceAnchor, s.connectorState]).sort(),
    errors: snapshot.openErrors.map((e) => [e.id, e.diagnoseStatus]).sort(),
  };
}

describe('apply-fix is all or nothing under storage faults', () => {
  test('for every write it makes, failing before or after it leaves the fix whole or absent once recovered', async () => {
    let faults = 0;
    let rolledForward = 0;
    for (const mode of MODES) {
      // Every write of the fix in turn: lease, claim, intent, directory, audit, completion, release.
      for (let failAt = 1; ; failAt++) {
        const tenant = randomUUID();
        await loadSeedScenarios(table, tenant);
        const id = await orphanedUpnErrorId(table, tenant);
        const ctx = (t: EntityTable): ActionContext => ({
          store: storeOf(t, tenant),
          actor: { oid: 'a', name: null },
          now: new Date(),
        });
        await answerDiagnosis(ctx(table), id, 'userExistsOnPremises', 'no');
        await answerDiagnosis(ctx(table), id, 'sameUser', 'yes');
        const faulty = faultyTable(table, { failAt, mode });
        const outcome = await applyFix(ctx(faulty.table), id, () => new Date()).then(
          () => 'ok',
          (e: unknown) => (e instanceof InjectedFault ? 'fault' : String(e)),
        );
        expect(['ok', 'fault']).toContain(outcome);
        if (outcome === 'fault') faults++;
        const movedBefore = movedIn(await readTenantSnapshot(table, tenant));
        // Recovery is what the next writer does: take the lease (after a dead holder's expired) and
        // complete a change left half made, before anything else.
        const later = () => new Date(Date.now() + 60_000);
        const recovery = await storeOf(table, tenant).lease.tryAcquire('recovery', 'write', later(), 30);
        if (recovery.acquired) await storeOf(table, tenant).lease.release(recovery.lease);
        const snapshot = await readTenantSnapshot(table, tenant);
        const moved = movedIn(snapshot);
        if (moved !== movedBefore) rolledForward++;
        const pending = snapshot.openErrors.filter((e) => e.diagnoseStatus === 'PendingSync').length;
        const audit = await storeOf(table, tenant).audit.list(undefined, 50, undefined);
        expect({
          mode,
          failAt,
          pending,
          clouds: snapshot.cloudObjects.length,
          fixEvents: audit.value.filter((e) => e.action === 'applyFix').length,
        }).toEqual({
          mode,
          failAt,
          pending: moved ? 2 : 0,
          clouds: moved ? 3 : 4,
          fixEvents: moved ? 1 : 0,
        });
        // Whatever happened, a later attempt finishes the job or says it is done.
        const retry = await applyFix(ctx(table), id, later).then(
          () => 'ok',
          (e: unknown) => (e as { code?: string }).code,
        );
        expect(retry).toBe(moved ? 'FixAlreadyApplied' : 'ok');
        if (outcome === 'ok') break;
      }
    }
    expect(faults).toBeGreaterThan(8);
    // Some cuts fell between the intent and its completion: recovery finished those fixes.
    expect(rolledForward).toBeGreaterThan(0);
    console.log(`apply-fix: ${faults} faults injected, ${rolledForward} rolled forward on recovery`);
  });
});

function movedIn(snapshot: TenantSnapshot): boolean {
  const existing = snapshot.cloudObjects.find((c) => c.objectId === ORPHANED.existingCloud.objectId);
  return existing?.sourceAnchor === ORPHANED.recreatedSource.sourceAnchor;
}

const cycleDeps = (t: EntityTable) => ({ store: storesOf(t), now: () => new Date(), leaseSeconds: 60 });
type SourceInputs = Parameters<typeof upsertSourceObjects>[1];

/**
 * A fresh tenant holding `objects`, whose cycle meets a fault at its `failAt`-th write (`before`
 * runs once the objects are in, ahead of the cycle); `faulted` is false when the cycle has fewer writes.
 */
async function cutCycle(
  objects: SourceInputs,
  mode: FaultMode,
  failAt: number,
  before?: (tenant: string) => Promise<void>,
): Promise<{ tenant: string; faulted: boolean }> {
  const tenant = randomUUID();
  await upsertSourceObjects(storeOf(table, tenant), objects, new Date());
  await before?.(tenant);
  const faulty = faultyTable(table, { failAt, mode });
  const faulted = await runSyncCycle(cycleDeps(faulty.table), tenant, 'http').then(
    () => false,
    (e: unknown) => {
      if (!(e instanceof InjectedFault)) throw e;
      return true;
    },
  );
  return { tenant, faulted };
}

describe('an interrupted cycle converges on the next run', () => {
  test('for each batch it writes, a fault leaves a state the next cycle brings to the uninterrupted result', async () => {
    const objects = sourceObjectsBody.parse({
      objects: Array.from({ length: 160 }, (_, i) => ({
        sourceAnchor: `a${i}`,
        objectType: 'User',
        userPrincipalName: `user${i % 120}@contoso.com`,
        displayName: `User ${i}`,
        proxyAddresses: [`SMTP:user${i % 130}@contoso.com`, `smtp:alias${i}@contoso.com`],
      })),
    }).objects;
    const control = randomUUID();
    await upsertSourceObjects(storeOf(table, control), objects, new Date());
    const deps = cycleDeps;
    await runSyncCycle(deps(table), control, 'http');
    const expected = shape(await readTenantSnapshot(table, control));
    expect(expected.errors.length).toBeGreaterThan(40);

    let faults = 0;
    for (const mode of MODES) {
      // Every write of the cycle in turn (lease, counter, each batch, summary, registry, release).
      for (let failAt = 1; ; failAt++) {
        const { tenant, faulted } = await cutCycle(objects, mode, failAt);
        if (!faulted && mode === 'failBefore') break;
        if (faulted) faults++;
        // A fault on the lease's own release leaves it held like a crashed holder's: recover after expiry.
        await runSyncCycle({ ...deps(table), now: () => new Date(Date.now() + 120_000) }, tenant, 'http');
        const converged = shape(await readTenantSnapshot(table, tenant));
        expect(converged).toEqual(expected);
        // And nothing is duplicated: one cloud object per source object.
        expect(converged.clouds).toHaveLength(objects.length);
        if (!faulted) break;
      }
    }
    expect(faults).toBeGreaterThanOrEqual(16);
    console.log(`interrupted cycles: ${faults} faults injected, each converged`);
  });
});

describe('an interrupted cycle never leaves changed errors under an old errors version', () => {
  test('for each write, a fault after any error row changed leaves a new version: no reader keeps stale errors', async () => {
    const objects = sourceObjectsBody.parse({
      objects: Array.from({ length: 120 }, (_, i) => ({
        sourceAnchor: `v${i}`,
        objectType: 'User',
        userPrincipalName: `user${i % 90}@contoso.com`,
        displayName: `User ${i}`,
      })),
    }).objects;
    let checked = 0;
    for (const mode of MODES) {
      for (let failAt = 1; ; failAt++) {
        let versionBefore = '';
        let errorsBefore: unknown[] = [];
        const { tenant, faulted } = await cutCycle(objects, mode, failAt, async (t) => {
          versionBefore = await storeOf(table, t).errors.version();
          errorsBefore = shape(await readTenantSnapshot(table, t)).errors;
        });
        const store = storeOf(table, tenant);
        const errorsAfter = shape(await readTenantSnapshot(table, tenant)).errors;
        if (JSON.stringify(errorsAfter) !== JSON.stringify(errorsBefore)) {
          expect(await store.errors.version()).not.toBe(versionBefore);
          checked++;
        }
        if (!faulted) break;
      }
    }
    // Cuts after the errors phase (and the uncut cycles) changed errors; each bumped the version.
    expect(checked).toBeGreaterThanOrEqual(4);
  });
});

describe('an interrupted cycle that deletes never leaves an orphan', () => {
  test('for each write, a fault leaves the deleted sources to be removed only after their cloud objects', async () => {
    const objects = sourceObjectsBody.parse({
      objects: Array.from({ length: 230 }, (_, i) => ({
        sourceAnchor: `d${i}`,
        objectType: 'Group',
        displayName: `Group ${i}`,
      })),
    }).objects;
    const deps = (t: EntityTable, offsetMs = 0) => ({
      store: storesOf(t),
      now: () => new Date(Date.now() + offsetMs),
      leaseSeconds: 60,
    });
    let faults = 0;
    for (const mode of MODES) {
      for (let failAt = 1; ; failAt++) {
        const tenant = randomUUID();
        await upsertSourceObjects(storeOf(table, tenant), objects, new Date());
        await runSyncCycle(deps(table), tenant, 'http');
        const { settings } = await readTenantSnapshot(table, tenant);
        expect(settings.deletionThreshold).toBe(500);
        for (const o of objects)
          await markSourceObjectDeleted(storeOf(table, tenant), o.sourceAnchor ?? '', new Date());
        const faulty = faultyTable(table, { failAt, mode });
        const faulted = await runSyncCycle(deps(faulty.table), tenant, 'http').then(
          () => false,
          (e: unknown) => {
            if (!(e instanceof InjectedFault)) throw e;
            return true;
          },
        );
        // Whatever was cut, no source object is gone while its cloud object is still active.
        const cut = await readTenantSnapshot(table, tenant);
        const remaining = new Set(cut.sourceObjects.map((s) => s.sourceAnchor));
        const orphans = cut.cloudObjects.filter(
          (c) => c.deletedDateTime === null && c.sourceAnchor !== null && !remaining.has(c.sourceAnchor),
        );
        expect({ mode, failAt, orphans: orphans.length }).toEqual({ mode, failAt, orphans: 0 });
        if (faulted) faults++;
        await runSyncCycle(deps(table, 120_000), tenant, 'http');
        const after = await readTenantSnapshot(table, tenant);
        expect(after.sourceObjects).toHaveLength(0);
        expect(after.cloudObjects.every((c) => c.deletedDateTime !== null)).toBe(true);
        if (!faulted) break;
      }
    }
    expect(faults).toBeGreaterThanOrEqual(10);
  });
});
