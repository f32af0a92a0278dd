import { cloudToEntity, parseCloudEntity } from '../../../shared/store/directoryEntities';
import { cloudUser } from '../diagnosis/fixtures';

const TENANT = '8f0e6c1a-4b2d-4e7f-9a3c-5d6e7f8a9b0c';
const GLOBAL_ADMIN = '62e90394-69f5-4237-9190-012177145e10';

describe('cloud object entities: directoryRoleTemplateIds', () => {
  test('are stored as a JSON array and read back as they were', () => {
    const admin = cloudUser({ directoryRoleTemplateIds: [GLOBAL_ADMIN] });
    const entity = cloudToEntity(TENANT, admin);
    expect(entity.directoryRoleTemplateIds).toBe(JSON.stringify([GLOBAL_ADMIN]));
    expect(parseCloudEntity({ ...entity, etag: 'W/"1"' }).record).toEqual(admin);
  });

  test('a row written before roles were kept has none: it reads as []', () => {
    const entity: Record<string, unknown> = { ...cloudToEntity(TENANT, cloudUser()), etag: 'W/"1"' };
    delete entity.directoryRoleTemplateIds;
    expect(parseCloudEntity(entity).record.directoryRoleTemplateIds).toEqual([]);
  });

  test('a stored value that is not a JSON array of strings is refused', () => {
    const entity = { ...cloudToEntity(TENANT, cloudUser()), etag: 'W/"1"', directoryRoleTemplateIds: '[1]' };
    expect(() => parseCloudEntity(entity)).toThrow();
  });
});
