// "Load demo data" (dev mode): the seed's two scenarios, loaded through the public API exactly as
// scripts/lib/demoScenarios.ts (npm run demo) does it. Keep the two in step.

export const DEMO_INITIAL_DOMAIN = 'contoso.onmicrosoft.com';

/** Common scenario: Joe Johnson and Joe Jackson both exist on-premises with UPN Joe.J@contoso.com. */
export const DEMO_COMMON = {
  johnson: {
    sourceAnchor: 'Z59dvi0MwE2/Nut8j/HJLw==',
    objectType: 'User',
    userPrincipalName: 'Joe.J@contoso.com',
    displayName: 'Joe Johnson',
    mailNickname: 'joe.johnson',
    distinguishedName: 'CN=Joe Johnson,OU=Sales,DC=contoso,DC=com',
    proxyAddresses: ['SMTP:joe.johnson@contoso.com'],
  },
  jackson: {
    sourceAnchor: 'Hb3r9kX8ykyTCZDK+VbJUw==',
    objectType: 'User',
    userPrincipalName: 'Joe.J@contoso.com',
    displayName: 'Joe Jackson',
    mailNickname: 'joe.jackson',
    distinguishedName: 'CN=Joe Jackson,OU=Engineering,DC=contoso,DC=com',
    proxyAddresses: ['SMTP:joe.jackson@contoso.com'],
  },
};

/**
 * Orphaned object scenario: Joe Johnson of fabrikam.com was synced long ago (his cloud object keeps an
 * anchor whose source object the service never sees) and was recreated on-premises with a new anchor.
 */
export const DEMO_ORPHANED = {
  existingCloud: {
    objectId: '0f4c6a52-7d1e-4b8f-9a3c-2e5d8b1f6a47',
    objectType: 'User',
    userPrincipalName: 'Joe.Johnson@fabrikam.com',
    displayName: 'Joe Johnson',
    mailNickname: 'joe.johnson',
    proxyAddresses: ['SMTP:Joe.Johnson@fabrikam.com', 'smtp:jjohnson@fabrikam.com'],
    sourceAnchor: 'oylkOlneUUKCk+grkUatxg==',
    dirSyncEnabled: true,
  },
  recreatedSource: {
    sourceAnchor: 'bG/+nl2DQ0C8SPjxFrcYww==',
    objectType: 'User',
    userPrincipalName: 'Joe.Johnson@fabrikam.com',
    displayName: 'Joe Johnson',
    mailNickname: 'joe.johnson',
    distinguishedName: 'CN=Joe Johnson,OU=Restored,DC=fabrikam,DC=com',
    proxyAddresses: ['SMTP:Joe.Johnson@fabrikam.com'],
  },
};

/**
 * Sets the initial domain, imports the orphaned scenario's old cloud object, upserts the three source
 * objects (in source creation order) and runs one sync cycle. Returns the cycle's summary.
 * `progress(text)` is told each step.
 */
export async function loadDemo(api, progress = () => undefined) {
  progress('Setting the initial domain…');
  await api.patchSettings({ initialDomain: DEMO_INITIAL_DOMAIN });
  progress('Importing the existing cloud object…');
  await api.putCloudObjects([DEMO_ORPHANED.existingCloud]);
  progress('Writing the on-premises objects…');
  await api.putSourceObjects([DEMO_COMMON.johnson, DEMO_COMMON.jackson, DEMO_ORPHANED.recreatedSource]);
  progress('Running a sync cycle…');
  return api.runSyncCycle();
}
