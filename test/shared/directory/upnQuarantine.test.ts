import {
  MAX_UPN_LENGTH,
  defaultInitialDomain,
  initialDomainOf,
  isPlaceholderFor,
  placeholderUpn,
  upnPrefix,
} from '../../../shared/directory/upnQuarantine';

const TENANT = '8f0e6c1a-4b2d-4e7f-9a3c-5d6e7f8a9b0c';
const DOMAIN = 'contoso.onmicrosoft.com';

function request(overrides: Partial<Parameters<typeof placeholderUpn>[0]> = {}) {
  return {
    tenantId: TENANT,
    sourceAnchor: 'QF5HMK7n80qvdYsUPIHa9Q==',
    sourceUpn: 'john@contoso.com',
    initialDomain: DOMAIN,
    isTaken: () => false,
    ...overrides,
  };
}

describe('placeholderUpn', () => {
  test('is <prefix><4 digits>@<initialDomain>', () => {
    expect(placeholderUpn(request())).toMatch(/^john[0-9]{4}@contoso\.onmicrosoft\.com$/);
  });

  test('is deterministic for the same tenant, anchor and attempt', () => {
    expect(placeholderUpn(request())).toBe(placeholderUpn(request()));
  });

  test('differs between anchors (the digits come from the anchor)', () => {
    const anchors = ['a1', 'a2', 'a3', 'a4', 'a5'];
    const placeholders = new Set(anchors.map((sourceAnchor) => placeholderUpn(request({ sourceAnchor }))));
    expect(placeholders.size).toBeGreaterThan(1);
  });

  test('retries when the candidate is taken, comparing lower-case', () => {
    const first = placeholderUpn(request());
    const seen: string[] = [];
    const second = placeholderUpn(
      request({
        isTaken: (candidate) => {
          seen.push(candidate);
          return candidate === first.toLowerCase();
        },
      }),
    );
    expect(second).not.toBe(first);
    expect(second).toMatch(/^john[0-9]{4}@contoso\.onmicrosoft\.com$/);
    expect(seen[0]).toBe(first.toLowerCase());
  });

  test('finds the one free suffix even when all others are taken', () => {
    const free = 'john0042@contoso.onmicrosoft.com';
    expect(placeholderUpn(request({ isTaken: (candidate) => candidate !== free }))).toBe(free);
  });

  test('throws when every suffix is taken', () => {
    expect(() => placeholderUpn(request({ isTaken: () => true }))).toThrow(/No free placeholder/);
  });

  // Issue 12, rule 8. SPEC decision 13; Microsoft Learn, "Identity synchronization and duplicate
  // attribute resiliency": the quarantined UPN's prefix is cut so the part before the @ stays within 64.
  test('cuts the prefix at 60 characters, so the part before the @ is at most 64 with its digits', () => {
    const sourceUpn = `${'a'.repeat(200)}@contoso.com`;
    const placeholder = placeholderUpn(request({ sourceUpn }));
    expect(placeholder).toMatch(/^a{60}[0-9]{4}@contoso\.onmicrosoft\.com$/);
    expect(upnPrefix(placeholder)).toHaveLength(64);
    expect(isPlaceholderFor(placeholder, sourceUpn, DOMAIN)).toBe(true);
  });

  test('a prefix of exactly 60 is kept whole; 61 loses its last character', () => {
    const prefixOf = (length: number) =>
      upnPrefix(placeholderUpn(request({ sourceUpn: `${'b'.repeat(length - 1)}c@x.com` })));
    expect(prefixOf(60)).toMatch(/^b{59}c[0-9]{4}$/);
    expect(prefixOf(61)).toMatch(/^b{60}[0-9]{4}$/);
  });

  test('with a very long initial domain the prefix shortens further, so the whole stays within 113', () => {
    const domain = `${'d'.repeat(60)}.onmicrosoft.com`;
    const placeholder = placeholderUpn(
      request({ sourceUpn: `${'a'.repeat(80)}@x.com`, initialDomain: domain }),
    );
    expect(placeholder).toHaveLength(MAX_UPN_LENGTH);
  });

  test('keeps a short prefix whole', () => {
    expect(placeholderUpn(request({ sourceUpn: 'Joe.J@contoso.com' }))).toMatch(/^Joe\.J[0-9]{4}@/);
  });
});

describe('isPlaceholderFor', () => {
  test('recognises any 4 digits after the source prefix, ignoring case', () => {
    expect(isPlaceholderFor('john1234@contoso.onmicrosoft.com', 'john@contoso.com', DOMAIN)).toBe(true);
    expect(isPlaceholderFor('JOHN0000@Contoso.OnMicrosoft.com', 'John@contoso.com', DOMAIN)).toBe(true);
  });

  test.each([
    ['john@contoso.onmicrosoft.com', 'no digits'],
    ['john123@contoso.onmicrosoft.com', 'three digits'],
    ['john12345@contoso.onmicrosoft.com', 'five digits'],
    ['jane1234@contoso.onmicrosoft.com', 'another prefix'],
    ['john1234@fabrikam.onmicrosoft.com', 'another domain'],
    ['john12a4@contoso.onmicrosoft.com', 'not digits'],
  ])('rejects %s (%s)', (upn) => {
    expect(isPlaceholderFor(upn, 'john@contoso.com', DOMAIN)).toBe(false);
  });
});

describe('initial domain', () => {
  test('defaults to tenant-<first 8 hex digits>.onmicrosoft.com', () => {
    expect(defaultInitialDomain(TENANT)).toBe('tenant-8f0e6c1a.onmicrosoft.com');
    expect(defaultInitialDomain('8F0E6C1A-4B2D-4E7F-9A3C-5D6E7F8A9B0C')).toBe(
      'tenant-8f0e6c1a.onmicrosoft.com',
    );
  });

  test('the setting wins when set; an empty one means unset', () => {
    expect(initialDomainOf(TENANT, DOMAIN)).toBe(DOMAIN);
    expect(initialDomainOf(TENANT, '')).toBe('tenant-8f0e6c1a.onmicrosoft.com');
    expect(initialDomainOf(TENANT, '  ')).toBe('tenant-8f0e6c1a.onmicrosoft.com');
    expect(initialDomainOf(TENANT, null)).toBe('tenant-8f0e6c1a.onmicrosoft.com');
  });

  test('upnPrefix is everything before the last @', () => {
    expect(upnPrefix('a@b@contoso.com')).toBe('a@b');
    expect(upnPrefix('noat')).toBe('noat');
  });
});
