/**
 * The seed's two scenarios as API payloads (seed: "A common scenario", "Orphaned object scenario").
 * Common: Joe Johnson and Joe Jackson both exist on-premises with UPN Joe.J@contoso.com.
 * Orphaned: Joe Johnson's cloud object lost its source anchor's source; he was recreated
 * on-premises with a new anchor and collides with his own old cloud object.
 */
export const COMMON = {
  johnson: {
    sourceAnchor: 'QF5HMK7n80qvdYsUPIHa9Q==',
    objectType: 'User',
    userPrincipalName: 'Joe.J@contoso.com',
    displayName: 'Joe Johnson',
    distinguishedName: 'CN=Joe Johnson,OU=Users,DC=contoso,DC=com',
    proxyAddresses: ['SMTP:joe.johnson@contoso.com'],
  },
  jackson: {
    sourceAnchor: 'aB+c/Dd9EeFfGg0HhIiJjA==',
    objectType: 'User',
    userPrincipalName: 'Joe.J@contoso.com',
    displayName: 'Joe Jackson',
    distinguishedName: 'CN=Joe Jackson,OU=Users,DC=contoso,DC=com',
    proxyAddresses: ['SMTP:joe.jackson@contoso.com'],
  },
} as const;

export const ORPHANED = {
  existingCloud: {
    objectId: '5b2a8a55-4f3e-4c8a-9b0e-1d2c3b4a5f60',
    objectType: 'User',
    userPrincipalName: 'joe.johnson@fabrikam.com',
    displayName: 'Joe Johnson',
    proxyAddresses: ['SMTP:joe.johnson@fabrikam.com'],
    sourceAnchor: 'b3JwaGFuZWQvb2xkK2FuY2hvcg==',
    dirSyncEnabled: true,
  },
  recreatedSource: {
    sourceAnchor: 'bmV3L2FuY2hvcitmb3Ivam9lPQ==',
    objectType: 'User',
    userPrincipalName: 'joe.johnson@fabrikam.com',
    displayName: 'Joe Johnson',
    distinguishedName: 'CN=Joe Johnson,OU=Restored,DC=fabrikam,DC=com',
    proxyAddresses: ['SMTP:joe.johnson@fabrikam.com'],
  },
} as const;
