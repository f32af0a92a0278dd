import { BatchBuilder } from './batches';
import { DirectoryConnection, namingContextOf } from './directoryReader';
import { isInScope, outermostDns } from './dnScope';
import { AgentStop } from './errors';
import { defaultRetryDeps, type RetryDeps } from './httpRetry';
import { anchorOf, mapEntry, mapTombstone, type MappedObject, type SourceObjectPayload } from './mapping';
import type { AgentOptions } from './options';
import { Progress } from './progress';
import { ServiceClient } from './serviceClient';
import {
  canonicalBaseDns,
  fullRunReason,
  loadState,
  saveState,
  STATE_VERSION,
  type RunIdentity,
} from './stateFile';
import { binaryValue } from './ldapEntry';
import { TaskPool } from './taskPool';
import { tenantOfToken, tokenSourceFor } from './tokenSource';

export interface AgentIo {
  stdout: (line: string) => void;
  stderr: (line: string) => void;
  env: NodeJS.ProcessEnv;
  /** Overrides for the retry timing (tests). */
  retry?: Partial<RetryDeps>;
  /** How often a progress line may be written (default every second). */
  progressEveryMs?: number;
}

/** Something that was not delivered, and why. */
export interface NotDelivered {
  dn: string;
  sourceAnchor: string | null;
  reason: string;
}

export interface AgentResult {
  mode: 'full' | 'delta';
  fullReason: string | null;
  read: number;
  sent: number;
  deleted: number;
  notDelivered: NotDelivered[];
  dryRun: boolean;
  highestCommittedUSN: string;
  elapsedMs: number;
  /** 0: everything delivered; 1: some objects or deletes were not. */
  exitCode: 0 | 1;
  summary: string;
}

/** A delete the run considers: a tombstone, an object moved out of scope, or one AD no longer has. */
interface DeleteCandidate {
  anchor: string;
  dn: string;
  why: string;
}

const PUT_CONCURRENCY = 4;
const DELETE_CONCURRENCY = 4;

/**
 * One agent run: read AD (everything, or what changed since the saved USN), send it, delete what
 * left, and save the USN read at the start, only once everything was sent. Throws AgentStop when
 * the run cannot go on; nothing is saved then, and the next run reads again from the old USN.
 */
export async function runAgent(options: AgentOptions, io: AgentIo): Promise<AgentResult> {
  const password = io.env[options.passwordEnv];
  if (!password)
    throw new AgentStop(`the environment variable ${options.passwordEnv} (--password-env) is not set`);
  const retry = defaultRetryDeps({
    onRetry: (what, reason, delay) =>
      io.stderr(`agent: ${what}: ${reason}; retrying in ${(delay / 1000).toFixed(1)} s`),
    ...io.retry,
  });
  const progress = new Progress(io.stderr, retry.now, io.progressEveryMs ?? 1000);
  if (
    /^ldap:\/\//i.test(options.ldapUrl) &&
    !options.startTls &&
    !/^ldap:\/\/(127\.|localhost|\[::1\])/i.test(options.ldapUrl)
  ) {
    io.stderr(
      'agent: warning: ldap:// without --starttls sends the bind password unencrypted; use ldaps:// or --starttls',
    );
  }

  // The directory first: an unreachable DC or a refused bind stops the run before the service hears of it.
  const directory = await DirectoryConnection.open({ ...options, password });
  try {
    const rootDse = await directory.rootDse();
    const invocationId = await directory.invocationId(rootDse.dsServiceName);
    const namingContexts = [...new Set(options.baseDns.map((dn) => namingContextOf(dn, rootDse)))];
    const tokens = tokenSourceFor(options.token, options.serviceUrl, retry);
    const tenantId = tenantOfToken(await tokens.get());
    const service = new ServiceClient(options.serviceUrl, tokens, retry);

    const identity: RunIdentity = {
      dsServiceName: rootDse.dsServiceName,
      invocationId,
      baseDns: canonicalBaseDns(options.baseDns),
      sourceAnchor: options.sourceAnchor,
      serviceUrl: options.serviceUrl,
      tenantId,
    };
    const loaded = await loadState(options.stateFile);
    const fullReason = fullRunReason(loaded, identity, rootDse.highestCommittedUSN, options.full);
    const state = loaded.kind === 'ok' && fullReason === null ? loaded.state : null;
    const minUsn = state === null ? null : BigInt(state.highestCommittedUSN) + 1n;
    io.stderr(
      state === null
        ? `agent: full run (${fullReason ?? ''}) of ${options.baseDns.join('; ')} at ${options.ldapUrl}`
        : `agent: delta run: changes since USN ${state.highestCommittedUSN} of ${rootDse.dsServiceName}`,
    );

    const knownAnchors = new Map<string, string>(state === null ? [] : Object.entries(state.knownAnchors));
    const notDelivered: NotDelivered[] = [];
    const refuse = (item: NotDelivered): void => {
      notDelivered.push(item);
      progress.notDelivered++;
      io.stderr(`agent: not delivered: ${item.dn}: ${item.reason}`);
    };
    /** Anchors of objects AD has in scope: never deleted by this run, sent at most once. */
    const live = new Map<string, string>();
    const candidates: DeleteCandidate[] = [];
    const pool = new TaskPool(PUT_CONCURRENCY);
    const batches = new BatchBuilder();

    const send = async (batch: SourceObjectPayload[]): Promise<void> => {
      if (batch.length === 0) return;
      if (options.dryRun) {
        for (const object of batch) io.stdout(JSON.stringify({ op: 'put', object }));
        progress.sent += batch.length;
        return;
      }
      const refusals = await service.putObjects(batch);
      for (const r of refusals) refuse({ dn: r.dn, sourceAnchor: r.sourceAnchor, reason: r.reason });
      progress.sent += batch.length - refusals.length;
      progress.tick();
    };
    const accept = async (mapped: MappedObject): Promise<void> => {
      const anchor = mapped.object.sourceAnchor;
      const earlier = live.get(anchor);
      if (earlier !== undefined) {
        // Two AD objects with one mS-DS-ConsistencyGuid, or a DN under two overlapping base DNs.
        if (earlier !== mapped.dn) {
          refuse({ dn: mapped.dn, sourceAnchor: anchor, reason: `same source anchor as ${earlier}` });
        }
        return;
      }
      live.set(anchor, mapped.dn);
      if (minUsn !== null) {
        // The anchor it was sent with before (a consistency GUID set, changed or cleared since):
        // without a delete the service would hold the one AD object twice. A full run finds it
        // anyway (the service's copy is no longer live in AD).
        const previous = knownAnchors.get(mapped.guidAnchor) ?? mapped.guidAnchor;
        if (previous !== anchor)
          candidates.push({ anchor: previous, dn: mapped.dn, why: 'source anchor changed' });
      }
      if (anchor === mapped.guidAnchor) knownAnchors.delete(mapped.guidAnchor);
      else knownAnchors.set(mapped.guidAnchor, anchor);
      const full = batches.add(mapped.object);
      if (full !== null) await pool.run(() => send(full));
    };
    const readEntry = async (entry: Parameters<typeof mapEntry>[0], inScope: boolean): Promise<void> => {
      if (!inScope) {
        // Changed outside every base DN: moved out of scope, or another run's. Checked against the service below.
        const guid = binaryValue(entry, 'objectGUID');
        if (guid !== null) {
          const anchor = anchorOf(guid, binaryValue(entry, 'mS-DS-ConsistencyGuid'), options.sourceAnchor);
          candidates.push({ anchor, dn: entry.dn, why: 'outside every --base-dn' });
        }
        return;
      }
      progress.read++;
      const mapped = mapEntry(entry, options.sourceAnchor);
      if (mapped.kind === 'refused') {
        if (mapped.sourceAnchor !== null) live.set(mapped.sourceAnchor, mapped.dn);
        refuse({ dn: mapped.dn, sourceAnchor: mapped.sourceAnchor, reason: mapped.reason });
        return;
      }
      await accept(mapped);
    };

    if (minUsn === null) {
      for (const baseDn of outermostDns(options.baseDns)) {
        for await (const page of directory.searchLive(baseDn, null)) {
          for (const entry of page) await readEntry(entry, true);
          progress.tick();
        }
      }
    } else {
      // One search a naming context finds what changed in scope and what moved out of it.
      for (const nc of namingContexts) {
        for await (const page of directory.searchLive(nc, minUsn)) {
          for (const entry of page) await readEntry(entry, isInScope(entry.dn, options.baseDns));
          progress.tick();
        }
        if (!(await directory.canListDeletedObjects(nc))) {
          io.stderr(
            `agent: warning: ${options.bindDn} cannot list CN=Deleted Objects,${nc}: deletes reach the service ` +
              'only on --full runs (grant List Contents and Read Property on it, see the README)',
          );
          continue;
        }
        for await (const page of directory.searchTombstones(nc, minUsn)) {
          for (const entry of page) {
            const tombstone = mapTombstone(entry, options.sourceAnchor, knownAnchors);
            if (tombstone === null) continue;
            knownAnchors.delete(tombstone.guidAnchor);
            candidates.push({
              anchor: tombstone.anchor,
              dn:
                tombstone.lastKnownParent === null
                  ? tombstone.dn
                  : `${tombstone.dn} (was in ${tombstone.lastKnownParent})`,
              why: 'deleted in AD',
            });
          }
        }
      }
    }
    await pool.run(() => send(batches.take()));
    await pool.drain();

    if (minUsn === null) {
      // A full run (forced, or for want of a usable state file) also removes what the service holds
      // under these base DNs and AD no longer has: deletes made while the state file was lost included.
      for await (const copy of service.listObjects()) {
        if (
          !copy.deleted &&
          !live.has(copy.sourceAnchor) &&
          isInScope(copy.distinguishedName, options.baseDns)
        ) {
          candidates.push({
            anchor: copy.sourceAnchor,
            dn: copy.distinguishedName ?? '',
            why: 'no longer in AD',
          });
        }
      }
    }
    const deletes = new TaskPool(DELETE_CONCURRENCY);
    const considered = new Set<string>();
    for (const candidate of candidates) {
      if (live.has(candidate.anchor) || considered.has(candidate.anchor)) continue;
      considered.add(candidate.anchor);
      await deletes.run(async () => {
        if (candidate.why !== 'no longer in AD') {
          // A run touches only objects under its own base DNs: the service's copy says where it was.
          const copy = await service.getObject(candidate.anchor);
          if (copy === null || copy.deleted || !isInScope(copy.distinguishedName, options.baseDns)) return;
        }
        if (options.dryRun) {
          io.stdout(
            JSON.stringify({
              op: 'delete',
              sourceAnchor: candidate.anchor,
              distinguishedName: candidate.dn,
              why: candidate.why,
            }),
          );
          progress.deleted++;
          return;
        }
        const outcome = await service.deleteObject(candidate.anchor);
        if (outcome.kind === 'refused')
          refuse({ dn: candidate.dn, sourceAnchor: candidate.anchor, reason: outcome.reason });
        else if (outcome.kind === 'deleted') progress.deleted++;
        progress.tick();
      });
    }
    await deletes.drain();

    if (!options.dryRun) {
      await saveState(options.stateFile, {
        version: STATE_VERSION,
        identity,
        ldapUrl: options.ldapUrl,
        highestCommittedUSN: rootDse.highestCommittedUSN.toString(),
        knownAnchors: Object.fromEntries(knownAnchors),
        savedAt: new Date(retry.now()).toISOString(),
      });
    }
    const elapsedMs = progress.elapsedMs();
    const mode = minUsn === null ? 'full' : 'delta';
    const summary =
      `agent: ${options.dryRun ? 'dry run, ' : ''}${mode} run: read ${progress.read}, ` +
      `${options.dryRun ? 'would send' : 'sent'} ${progress.sent}, ${options.dryRun ? 'would delete' : 'deleted'} ${progress.deleted}, ` +
      `not delivered ${notDelivered.length} in ${(elapsedMs / 1000).toFixed(1)} s (${progress.rate()} objects/s)`;
    return {
      mode,
      fullReason,
      read: progress.read,
      sent: progress.sent,
      deleted: progress.deleted,
      notDelivered,
      dryRun: options.dryRun,
      highestCommittedUSN: rootDse.highestCommittedUSN.toString(),
      elapsedMs,
      exitCode: notDelivered.length === 0 ? 0 : 1,
      summary,
    };
  } finally {
    await directory.close();
  }
}
