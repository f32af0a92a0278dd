import { ConfigError, parseConfig, registrationConfig, syncCycleSchedule } from '../../shared/config';

const base = { AUTH_MODE: 'dev', STORAGE_CONNECTION_STRING: 'UseDevelopmentStorage=true' };

describe('config', () => {
  test('defaults fill what is not set', () => {
    const config = parseConfig(base);
    expect(config).toMatchObject({
      TABLE_PREFIX: 'dar',
      SYNC_CYCLE_SCHEDULE: '0 */30 * * * *',
      SYNC_LEASE_SECONDS: 60,
    });
  });

  test('errors name the variable, never its value', () => {
    try {
      parseConfig({ AUTH_MODE: 'magic', STORAGE_CONNECTION_STRING: 'AccountKey=supersecret' });
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).variables).toContain('AUTH_MODE');
      expect((error as Error).message).not.toContain('supersecret');
    }
  });

  test('storage must be configured one way or the other', () => {
    expect(() => parseConfig({ AUTH_MODE: 'dev' })).toThrow(/STORAGE_CONNECTION_STRING/);
    expect(
      parseConfig({ AUTH_MODE: 'dev', STORAGE_TABLE_URL: 'https://acct.table.core.windows.net' })
        .STORAGE_TABLE_URL,
    ).toBe('https://acct.table.core.windows.net');
    expect(() =>
      parseConfig({ AUTH_MODE: 'dev', STORAGE_TABLE_URL: 'http://acct.table.core.windows.net' }),
    ).toThrow(/STORAGE_TABLE_URL/);
  });

  test('dev auth refuses to run in Azure', () => {
    expect(() => parseConfig({ ...base, WEBSITE_INSTANCE_ID: 'abc' })).toThrow(/AUTH_MODE=dev is refused/);
  });

  test('entra auth needs allow-listed tenants, as GUIDs', () => {
    expect(() => parseConfig({ ...base, AUTH_MODE: 'entra' })).toThrow(/AUTH_ALLOWED_TENANTS/);
    expect(() => parseConfig({ ...base, AUTH_MODE: 'entra', AUTH_ALLOWED_TENANTS: 'contoso' })).toThrow(
      /AUTH_ALLOWED_TENANTS/,
    );
    const config = parseConfig({
      ...base,
      AUTH_MODE: 'entra',
      AUTH_ALLOWED_TENANTS: ' 72F988BF-86F1-41AF-91AB-2D7CD011DB47 ,',
    });
    expect(config.AUTH_ALLOWED_TENANTS).toEqual(['72f988bf-86f1-41af-91ab-2d7cd011db47']);
  });

  test('the timer schedule reads its one setting with a default', () => {
    expect(syncCycleSchedule({})).toBe('0 */30 * * * *');
    expect(syncCycleSchedule({ SYNC_CYCLE_SCHEDULE: '0 */5 * * * *' })).toBe('0 */5 * * * *');
  });

  test('the sync-cycle queue: one setting the sender reads and the trigger names, sync-cycles by default', () => {
    expect(parseConfig(base).SYNC_CYCLE_QUEUE_NAME).toBe('sync-cycles');
    expect(parseConfig({ ...base, SYNC_CYCLE_QUEUE_NAME: 'cycles-blue' }).SYNC_CYCLE_QUEUE_NAME).toBe(
      'cycles-blue',
    );
    for (const bad of ['Cycles', 'ab', 'a--b', '-ab', 'ab-', 'a_b', 'a'.repeat(57)])
      expect(() => parseConfig({ ...base, SYNC_CYCLE_QUEUE_NAME: bad })).toThrow(/SYNC_CYCLE_QUEUE_NAME/);
    // The trigger names the setting, which the host resolves; without it, the default queue itself.
    expect(registrationConfig({}).syncCycleQueueName).toBe('sync-cycles');
    expect(registrationConfig({ SYNC_CYCLE_QUEUE_NAME: 'cycles-blue' }).syncCycleQueueName).toBe(
      '%SYNC_CYCLE_QUEUE_NAME%',
    );
  });

  test('a bad timer schedule is named at start, not at host indexing', () => {
    expect(() => parseConfig({ ...base, SYNC_CYCLE_SCHEDULE: '*/30 * * * *' })).toThrow(
      /SYNC_CYCLE_SCHEDULE/,
    );
    expect(() => parseConfig({ ...base, SYNC_CYCLE_SCHEDULE: '0 */99 * * * *' })).toThrow(
      /SYNC_CYCLE_SCHEDULE/,
    );
    expect(parseConfig({ ...base, SYNC_CYCLE_SCHEDULE: '0 */5 * * * *' }).SYNC_CYCLE_SCHEDULE).toBe(
      '0 */5 * * * *',
    );
  });

  test('in Azure, an account key in the connection string is refused', () => {
    const inAzure = {
      AUTH_MODE: 'entra',
      AUTH_ALLOWED_TENANTS: '72f988bf-86f1-41af-91ab-2d7cd011db47',
      WEBSITE_SITE_NAME: 'app',
    };
    expect(() =>
      parseConfig({
        ...inAzure,
        STORAGE_CONNECTION_STRING: 'DefaultEndpointsProtocol=https;AccountName=a;AccountKey=secret',
      }),
    ).toThrow(/managed identity/);
    expect(parseConfig({ ...inAzure, STORAGE_TABLE_URL: 'https://a.table.core.windows.net' }).AUTH_MODE).toBe(
      'entra',
    );
  });
});
