import type { ErrorObjectSummary, SyncError } from '../../../shared/sync/model';

export const existing: ErrorObjectSummary = {
  objectId: '5b2a8a55-4f3e-4c8a-9b0e-1d2c3b4a5f60',
  sourceAnchor: 'QF5HMK7n80qvdYsUPIHa9Q==',
  objectType: 'User',
  displayName: 'Joe Johnson',
  userPrincipalName: 'Joe.J@contoso.com',
  cloudUserPrincipalName: 'Joe.J@contoso.com',
  distinguishedName: 'CN=Joe Johnson,OU=Users,DC=contoso,DC=com',
  softDeleted: false,
};

export const conflicting: ErrorObjectSummary = {
  objectId: null,
  sourceAnchor: '+B/c9Dd9EeFfGg0HhIiJjA==',
  objectType: 'User',
  displayName: 'Joe Jackson',
  userPrincipalName: 'Joe.J@contoso.com',
  cloudUserPrincipalName: null,
  distinguishedName: 'CN=Joe Jackson,OU=Users,DC=contoso,DC=com',
  softDeleted: false,
};

export function syncError(overrides: Partial<SyncError> = {}): SyncError {
  return {
    id: '0123456789abcdef0123456789abcdef',
    errorType: 'QuarantinedAttributeValueMustBeUnique',
    attribute: 'UserPrincipalName',
    value: 'Joe.J@contoso.com',
    normalizedValue: 'joe.j@contoso.com',
    conflictingSourceAnchor: conflicting.sourceAnchor ?? '',
    existingObject: existing,
    conflictingObject: conflicting,
    diagnoseStatus: 'NotStarted',
    answers: { userExistsOnPremises: null, sameUser: null, closed: false },
    detectedAt: '2025-01-01T10:00:00.000Z',
    lastSeenAt: '2025-01-01T10:00:00.000Z',
    resolvedAt: null,
    ...overrides,
  };
}
