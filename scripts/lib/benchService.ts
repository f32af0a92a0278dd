import path from 'node:path';
import { getServices } from '../../shared/services';
import { meteredTable, type StorageMeter } from '../../shared/store/storageMeter';
import { connectStores } from '../../shared/store/tenantStores';
import { startLocalHost } from '../localHost/startLocalHost';
import { measureCycle } from './benchCycle';

/**
 * The service under benchmark, in a process of its own so that its memory is measured apart from
 * the load generator's: the built app (package.json `main`) on the local host, timers off, with the
 * environment the benchmark gives it (PORT, STORAGE_CONNECTION_STRING, AUTH_MODE=dev, ...).
 *
 * It talks to the benchmark over the IPC channel of `child_process.fork`:
 * - it sends `{ kind: 'ready', url }` once it serves;
 * - `{ id, kind: 'cycle', tenantId }` runs one sync cycle with the same use case as
 *   POST /api/sync-cycles and answers `{ id, ok: true, value: CycleRun }` (see benchCycle.ts);
 * - `{ kind: 'stop' }` stops the host and exits 0 (so that a `--cpu-prof` profile gets written).
 */
export type BenchRequest = { id: number; kind: 'cycle'; tenantId: string } | { kind: 'stop' };

export type BenchReply =
  | { kind: 'ready'; url: string }
  | { kind: 'reply'; id: number; ok: true; value: unknown }
  | { kind: 'reply'; id: number; ok: false; error: string };

const ROOT = path.resolve(__dirname, '..', '..', '..');

async function main(): Promise<void> {
  const send = (message: BenchReply): void => {
    process.send?.(message);
  };
  const host = await startLocalHost({
    rootDir: ROOT,
    port: Number(process.env.PORT ?? 0),
    timers: false,
  });
  const services = await getServices();
  // The cycles run on stores of the service's own table, metered: what each cycle costs in requests.
  let meter: StorageMeter | undefined;
  const store = await connectStores(
    process.env.STORAGE_CONNECTION_STRING ?? '',
    process.env.TABLE_PREFIX ?? '',
    (table) => (meter = meteredTable(table)).table,
  );
  process.on('message', (message: BenchRequest) => {
    if (message.kind === 'stop') {
      void host.stop().then(() => process.exit(0));
      return;
    }
    const deps = { store, leaseSeconds: services.config.SYNC_LEASE_SECONDS };
    meter?.reset();
    measureCycle(deps, message.tenantId, () => meter?.transactions() ?? 0).then(
      (value) => send({ kind: 'reply', id: message.id, ok: true, value }),
      (error: unknown) =>
        send({
          kind: 'reply',
          id: message.id,
          ok: false,
          error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
        }),
    );
  });
  process.on('disconnect', () => process.exit(0));
  send({ kind: 'ready', url: host.url });
}

main().catch((error: unknown) => {
  console.error(`bench service failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
