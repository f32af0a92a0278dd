import type { CloudObject } from '../../shared/directory/model';
import { measureTableFloor, type TableFloor } from '../../shared/store/tableFloor';

/** What raw Azurite does on this machine, measured in the same run as the cycles it is a floor for. */
export type Floor = TableFloor;

/**
 * Raw Azurite's floor (see measureTableFloor): a first cycle's writes over `sample` objects shaped
 * like the tenant's (created beside as many rows, which are merged), then every row listed. The
 * sample should be as large as the tenant, since Azurite's cost per operation grows with it.
 */
export function measureFloor(
  connectionString: string,
  sample: number,
  progress: (line: string) => void = () => undefined,
): Promise<Floor> {
  return measureTableFloor(connectionString, sample, floorObject, progress);
}

function floorObject(i: number): CloudObject {
  const local = `floor.user${i}`;
  return {
    objectId: `00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`,
    objectType: 'User' as const,
    userPrincipalName: `${local}@contoso.com`,
    mailNickname: local,
    displayName: `Floor User ${i}`,
    proxyAddresses: [`SMTP:${local}@contoso.com`, `smtp:${local}@contoso.mail.onmicrosoft.com`],
    sipProxyAddress: null,
    onPremisesSecurityIdentifier: `S-1-5-21-1-2-3-${1000 + i}`,
    sourceAnchor: Buffer.from(`floor-${i}`).toString('base64'),
    dirSyncEnabled: true,
    deletedDateTime: null,
    directoryRoleTemplateIds: [],
    sequence: i + 1,
    createdDateTime: '2025-01-01T00:00:00.000Z',
  };
}

/** The floor of a cycle that read `reads` and wrote `writes` entities, in ms. */
export function floorMs(floor: Floor, reads: number, writes: number): number {
  return (reads / floor.listPerSec + writes / floor.batchWritePerSec) * 1000;
}
