import { call, newTenantId, startTestService, type TestService } from '../support/service';
import { runCycle } from '../support/syncCycles';

/**
 * Issue 12: GET /api/sync-errors/{id}/diagnosis of errors outside the two-question diagnosis, over
 * HTTP on the running service: the outcome with its evidence and Microsoft's remedy for the type
 * (Microsoft Learn, "Troubleshooting errors during synchronization": ObjectTypeMismatch,
 * IdentityDataValidationFailed, LargeObject).
 */
let service: TestService;

beforeAll(async () => {
  service = await startTestService();
});
afterAll(() => service.stop());

interface GuidanceObject {
  objectId: string | null;
  objectType: string;
  sourceAnchor: string | null;
  directoryRoles: string[];
}
interface Step {
  kind: string;
  outcome: string;
  diagnoseStatus: string;
  message: string;
  learnMore: { url: string } | null;
  guidance: {
    errorType: string;
    category: string;
    summary: string;
    remedy: string[];
    brokenRule: { text: string; limit: number | null; actual: number | null } | null;
    existing: GuidanceObject | null;
    conflicting: GuidanceObject;
    source: { url: string };
  };
}
interface ErrorView {
  id: string;
  errorType: string;
  category: string;
  existingObject: unknown;
}

const TSHOOT = 'https://learn.microsoft.com/entra/identity/hybrid/connect/tshoot-connect-sync-errors';

async function session() {
  const token = await service.token(newTenantId(), 'GlobalAdministrator');
  const ok = async (method: string, path: string, body?: unknown) => {
    const res = await call(`${service.url}/api/${path}`, method, {
      token,
      ...(body === undefined ? {} : { body }),
    });
    expect([method, path, res.status]).toEqual([method, path, 200]);
    return res.json;
  };
  await ok('PATCH', 'settings', { initialDomain: 'contoso.onmicrosoft.com' });
  const errors = async (query = '') =>
    ((await ok('GET', `sync-errors${query}`)) as { value: ErrorView[] }).value;
  const diagnosis = async (id: string) => (await ok('GET', `sync-errors/${id}/diagnosis`)) as Step;
  const cycle = () => runCycle(service, token);
  return { ok, errors, diagnosis, cycle };
}

test('ObjectTypeMismatch: both objects side by side, and "same class, or remove the address from one"', async () => {
  const s = await session();
  await s.ok('PUT', 'cloud-objects', {
    objects: [
      {
        objectId: '00000000-0000-4000-8000-00000000c001',
        objectType: 'Group',
        displayName: 'Team X',
        proxyAddresses: ['SMTP:x@contoso.com'],
      },
    ],
  });
  await s.ok('PUT', 'source-objects', {
    objects: [
      {
        sourceAnchor: 'Y29udGFjdC14',
        objectType: 'Contact',
        displayName: 'X (contact)',
        proxyAddresses: ['SMTP:x@contoso.com'],
      },
    ],
  });
  await s.cycle();
  const [error] = await s.errors('?category=DataMismatch');
  expect(error).toMatchObject({ errorType: 'ObjectTypeMismatch', category: 'DataMismatch' });
  const step = await s.diagnosis(error!.id);
  expect(step).toMatchObject({
    kind: 'outcome',
    outcome: 'notApplicable',
    diagnoseStatus: 'ManualFixRequired',
    learnMore: { url: `${TSHOOT}#objecttypemismatch` },
    guidance: {
      errorType: 'ObjectTypeMismatch',
      category: 'DataMismatch',
      brokenRule: null,
      existing: { objectType: 'Group', objectId: '00000000-0000-4000-8000-00000000c001', sourceAnchor: null },
      conflicting: { objectType: 'Contact', objectId: null, sourceAnchor: 'Y29udGFjdC14' },
      source: { url: `${TSHOOT}#objecttypemismatch` },
    },
  });
  expect(step.guidance.remedy.join(' ')).toMatch(/make them the same class/);
  expect(step.guidance.remedy.join(' ')).toMatch(/remove the value from one of them/);
  expect(step.message).toContain('What to do:');
});

test('IdentityDataValidationFailed and LargeObject: one object alone, the value and the rule or limit it breaks', async () => {
  const s = await session();
  await s.ok('PUT', 'source-objects', {
    objects: [
      {
        sourceAnchor: 'am8mZQ==',
        objectType: 'User',
        displayName: 'Jo & E',
        userPrincipalName: 'jo&e@contoso.com',
        proxyAddresses: [],
      },
      {
        sourceAnchor: 'bGFyZ2U=',
        objectType: 'User',
        displayName: 'Large',
        userPrincipalName: 'large@contoso.com',
        proxyAddresses: Array.from(
          { length: 333 },
          (_, i) => `${i === 0 ? 'SMTP' : 'smtp'}:l${i}@contoso.com`,
        ),
      },
    ],
  });
  await s.cycle();

  const [invalid] = await s.errors('?category=DataValidationFailure');
  expect(invalid).toMatchObject({ errorType: 'IdentityDataValidationFailed', existingObject: null });
  const upnStep = await s.diagnosis(invalid!.id);
  expect(upnStep).toMatchObject({
    outcome: 'notApplicable',
    diagnoseStatus: 'ManualFixRequired',
    learnMore: { url: `${TSHOOT}#identitydatavalidationfailed` },
    guidance: {
      existing: null,
      conflicting: { sourceAnchor: 'am8mZQ==', objectType: 'User' },
      brokenRule: { text: "a character before the @ outside A–Z a–z 0–9 ' . - _ ! # ^ ~" },
    },
  });
  expect(upnStep.message).toContain('jo&e@contoso.com');
  expect(upnStep.guidance.remedy[0]).toMatch(/Fix the user’s UPN in your on-premises Active Directory/);

  const [large] = await s.errors('?category=LargeAttribute');
  expect(large).toMatchObject({ errorType: 'LargeObject', existingObject: null });
  const largeStep = await s.diagnosis(large!.id);
  expect(largeStep).toMatchObject({
    outcome: 'notApplicable',
    learnMore: { url: `${TSHOOT}#largeobject-or-exceededallowedlength` },
    guidance: {
      category: 'LargeAttribute',
      existing: null,
      brokenRule: { limit: 332, actual: 333 },
    },
  });
  expect(largeStep.guidance.remedy[0]).toContain('332 or fewer');
});

test('a duplicate between two users still walks the two questions, with the guidance beside them', async () => {
  const s = await session();
  await s.ok('PUT', 'source-objects', {
    objects: ['am9lMQ==', 'am9lMg=='].map((sourceAnchor, i) => ({
      sourceAnchor,
      objectType: 'User',
      displayName: `Joe ${i}`,
      userPrincipalName: 'joe@contoso.com',
      proxyAddresses: [],
    })),
  });
  await s.cycle();
  const [error] = await s.errors('?category=DuplicateAttribute');
  const step = (await s.diagnosis(error!.id)) as unknown as { kind: string; questionId: string } & Step;
  expect(step).toMatchObject({
    kind: 'question',
    questionId: 'userExistsOnPremises',
    guidance: { errorType: 'QuarantinedAttributeValueMustBeUnique', category: 'DuplicateAttribute' },
  });
});
