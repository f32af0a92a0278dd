import type { CloudObject, ObjectType, SourceObject, TenantSettings } from '../../../shared/directory/model';
import type { SyncError } from '../../../shared/sync/model';
import { reconcile, type ReconcileInput, type ReconcilePlan } from '../../../shared/sync/reconcile';

/** Builders for reconcile tests: every object is complete and plain, overrides say what a test is about. */

export const TENANT_ID = '8f0e6c1a-4b2d-4e7f-9a3c-5d6e7f8a9b0c';
export const NOW = new Date('2026-06-01T12:00:00.000Z');
export const EARLIER = '2026-05-01T00:00:00.000Z';

export function settings(overrides: Partial<TenantSettings> = {}): TenantSettings {
  return {
    initialDomain: 'contoso.onmicrosoft.com',
    userWritebackEnabled: false,
    blockSoftMatchEnabled: false,
    softMatchOnUpnEnabled: true,
    blockCloudObjectTakeoverThroughHardMatchEnabled: false,
    deletionThreshold: 500,
    syncIntervalMinutes: 30,
    ...overrides,
  };
}

export function source(anchor: string, overrides: Partial<SourceObject> = {}): SourceObject {
  const objectType: ObjectType = overrides.objectType ?? 'User';
  return {
    sourceAnchor: anchor,
    distinguishedName: `CN=${anchor},OU=Users,DC=contoso,DC=com`,
    objectType,
    userPrincipalName: objectType === 'User' ? `${anchor.toLowerCase()}@contoso.com` : null,
    mailNickname: null,
    displayName: anchor,
    proxyAddresses: [],
    sipProxyAddress: null,
    onPremisesSecurityIdentifier: null,
    inScope: true,
    sequence: 1,
    deletedAt: null,
    connectorState: 'PendingAdd',
    objectId: null,
    updatedAt: EARLIER,
    ...overrides,
  };
}

export function cloud(objectId: string, overrides: Partial<CloudObject> = {}): CloudObject {
  const objectType: ObjectType = overrides.objectType ?? 'User';
  return {
    objectId,
    objectType,
    userPrincipalName: objectType === 'User' ? `${objectId}@contoso.com` : null,
    mailNickname: null,
    displayName: objectId,
    proxyAddresses: [],
    sipProxyAddress: null,
    onPremisesSecurityIdentifier: null,
    sourceAnchor: null,
    dirSyncEnabled: false,
    deletedDateTime: null,
    directoryRoleTemplateIds: [],
    sequence: 1,
    createdDateTime: EARLIER,
    ...overrides,
  };
}

/** A cloud object exactly as a previous cycle would have left it for `src` (linked, in sync). */
export function syncedCloud(
  objectId: string,
  src: SourceObject,
  overrides: Partial<CloudObject> = {},
): CloudObject {
  return cloud(objectId, {
    objectType: src.objectType,
    userPrincipalName: src.userPrincipalName,
    mailNickname: src.mailNickname,
    displayName: src.displayName,
    proxyAddresses: [...src.proxyAddresses],
    sipProxyAddress: src.sipProxyAddress,
    onPremisesSecurityIdentifier: src.onPremisesSecurityIdentifier,
    sourceAnchor: src.sourceAnchor,
    dirSyncEnabled: true,
    ...overrides,
  });
}

/** The source as a previous cycle left it once linked to `objectId`. */
export function exported(src: SourceObject, objectId: string): SourceObject {
  return { ...src, connectorState: 'Exported', objectId };
}

/** Deterministic GUIDs: 00000000-0000-4000-8000-000000000001, ...02, ... */
export function idGenerator(start = 1): () => string {
  let next = start;
  return () => `00000000-0000-4000-8000-${String(next++).padStart(12, '0')}`;
}

export function input(overrides: Partial<ReconcileInput> = {}): ReconcileInput {
  return {
    tenantId: TENANT_ID,
    sourceObjects: [],
    cloudObjects: [],
    openErrors: [],
    settings: settings(),
    now: NOW,
    newObjectId: idGenerator(),
    ...overrides,
  };
}

/** What the cycle's store writes would leave behind: the next cycle's input. */
export function applyPlan(
  before: ReconcileInput,
  plan: ReconcilePlan,
  next: Partial<ReconcileInput> = {},
): ReconcileInput {
  const purged = new Set(plan.cloudPurges);
  const cloudUpdates = new Map(plan.cloudUpdates.map((c) => [c.objectId, c]));
  const cloudObjects = [
    ...before.cloudObjects
      .filter((c) => !purged.has(c.objectId))
      .map((c) => cloudUpdates.get(c.objectId) ?? c),
    ...plan.cloudCreates,
  ];
  const removed = new Set(plan.sourceRemovals);
  const sourceUpdates = new Map(plan.sourceUpdates.map((s) => [s.sourceAnchor, s]));
  const sourceObjects = before.sourceObjects
    .filter((s) => !removed.has(s.sourceAnchor))
    .map((s) => sourceUpdates.get(s.sourceAnchor) ?? s);
  const resolved = new Set(plan.errorsResolved.map((e) => e.id));
  const open = new Map<string, SyncError>(
    before.openErrors.filter((e) => !resolved.has(e.id)).map((e) => [e.id, e]),
  );
  for (const written of plan.errorsToWrite) open.set(written.id, written);
  return { ...before, cloudObjects, sourceObjects, openErrors: [...open.values()], ...next };
}

export function isEmptyPlan(plan: ReconcilePlan): boolean {
  return (
    plan.cloudCreates.length +
      plan.cloudUpdates.length +
      plan.cloudPurges.length +
      plan.sourceUpdates.length +
      plan.sourceRemovals.length +
      plan.errorsToWrite.length +
      plan.errorsResolved.length ===
    0
  );
}

/** Runs a cycle, applies it, and returns both the plan and the next input. */
export function cycle(
  current: ReconcileInput,
  next: Partial<ReconcileInput> = {},
): { plan: ReconcilePlan; after: ReconcileInput } {
  const plan = reconcile(current);
  return { plan, after: applyPlan(current, plan, next) };
}

export function daysBefore(date: Date, days: number, extraMs = 0): string {
  return new Date(date.getTime() - days * 24 * 60 * 60 * 1000 - extraMs).toISOString();
}

export function byAnchor(objects: readonly CloudObject[], anchor: string): CloudObject | undefined {
  return objects.find((c) => c.sourceAnchor === anchor);
}
