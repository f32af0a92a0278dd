import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  canonicalBaseDns,
  fullRunReason,
  loadState,
  saveState,
  STATE_VERSION,
  type AgentState,
  type LoadedState,
  type RunIdentity,
} from '../../agent/stateFile';

const identity: RunIdentity = {
  dsServiceName:
    'CN=NTDS Settings,CN=DC1,CN=Servers,CN=Default-First-Site-Name,CN=Sites,CN=Configuration,DC=contoso,DC=com',
  invocationId: '0b5d1c2a-1111-4222-8333-444455556666',
  baseDns: canonicalBaseDns(['OU=Sales,DC=contoso,DC=com']),
  sourceAnchor: 'mS-DS-ConsistencyGuid',
  serviceUrl: 'http://localhost:7071',
  tenantId: '7f3c1d2e-0000-4000-8000-000000000001',
};
const state = (changes: Partial<RunIdentity> = {}, usn = '1000'): LoadedState => ({
  kind: 'ok',
  state: {
    version: STATE_VERSION,
    identity: { ...identity, ...changes },
    ldapUrl: 'ldaps://dc1.contoso.com',
    highestCommittedUSN: usn,
    knownAnchors: {},
    savedAt: '2026-01-01T00:00:00.000Z',
  },
});

describe('fullRunReason', () => {
  it('is null (a delta) for the same DC, scope, anchor mode, service and tenant', () => {
    expect(fullRunReason(state(), identity, 1500n, false)).toBeNull();
    expect(fullRunReason(state(), identity, 1000n, false)).toBeNull();
  });

  it('ignores the order and spelling of the base DNs', () => {
    const two = { ...identity, baseDns: canonicalBaseDns(['OU=B, DC=x', 'ou=a,dc=X']) };
    expect(
      fullRunReason(state({ baseDns: canonicalBaseDns(['OU=A,DC=x', 'OU=B,DC=x']) }), two, 1500n, false),
    ).toBeNull();
  });

  it.each<[string, LoadedState, RegExp]>([
    ['no state file', { kind: 'missing' }, /no state file yet/],
    ['an unreadable one', { kind: 'unreadable', reason: 'it is not JSON' }, /unreadable \(it is not JSON\)/],
    [
      'another DC',
      state({ dsServiceName: 'CN=NTDS Settings,CN=DC2,CN=Servers' }),
      /another domain controller/,
    ],
    ['a restored DC', state({ invocationId: '99999999-1111-4222-8333-444455556666' }), /new invocationId/],
    [
      'other base DNs',
      state({ baseDns: canonicalBaseDns(['OU=Paris,DC=contoso,DC=com']) }),
      /base DNs differ/,
    ],
    [
      'more base DNs',
      state({ baseDns: canonicalBaseDns(['OU=Sales,DC=contoso,DC=com', 'OU=X,DC=contoso,DC=com']) }),
      /base DNs differ/,
    ],
    ['another anchor mode', state({ sourceAnchor: 'objectGUID' }), /--source-anchor differs/],
    ['another service', state({ serviceUrl: 'https://sync.example.com' }), /another service or tenant/],
    [
      'another tenant',
      state({ tenantId: '00000000-0000-4000-8000-000000000002' }),
      /another service or tenant/,
    ],
    ['a USN rollback', state({}, '2000'), /USN rollback/],
  ])('asks for a full run for %s', (_, loaded, reason) => {
    expect(fullRunReason(loaded, identity, 1500n, false)).toMatch(reason);
  });

  it('is --full when forced, whatever the state', () => {
    expect(fullRunReason(state(), identity, 1500n, true)).toBe('--full');
  });
});

describe('the state file', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'agent-state-'));
  const saved: AgentState = (state() as { kind: 'ok'; state: AgentState }).state;

  it('round-trips, is private to its owner, and leaves no temporary file', async () => {
    const file = path.join(dir, 'a.json');
    await saveState(file, saved);
    expect(await loadState(file)).toEqual({ kind: 'ok', state: saved });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('replaces the old file whole', async () => {
    const file = path.join(dir, 'b.json');
    await saveState(file, saved);
    await saveState(file, { ...saved, highestCommittedUSN: '2000' });
    expect(JSON.parse(readFileSync(file, 'utf8')).highestCommittedUSN).toBe('2000');
  });

  it('is missing, or unreadable with the reason', async () => {
    expect(await loadState(path.join(dir, 'none.json'))).toEqual({ kind: 'missing' });
    writeFileSync(path.join(dir, 'c.json'), '{"version":');
    expect(await loadState(path.join(dir, 'c.json'))).toEqual({
      kind: 'unreadable',
      reason: 'it is not JSON',
    });
    writeFileSync(path.join(dir, 'd.json'), JSON.stringify({ ...saved, version: 99 }));
    expect(await loadState(path.join(dir, 'd.json'))).toMatchObject({ kind: 'unreadable' });
  });

  it('fails to save into a folder that does not exist, and leaves nothing behind', async () => {
    await expect(saveState(path.join(dir, 'no', 'such', 'x.json'), saved)).rejects.toThrow(/ENOENT/);
  });
});
