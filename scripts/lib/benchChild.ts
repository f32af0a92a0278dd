import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { CycleRun } from './benchCycle';
import type { BenchReply, BenchRequest } from './benchService';

export interface ServiceChild {
  url: string;
  pid: number;
  runCycle(tenantId: string): Promise<CycleRun>;
  stop(): Promise<void>;
}

export interface ServiceChildOptions {
  env: Record<string, string>;
  /** Extra node flags for the service, e.g. `--cpu-prof --cpu-prof-dir=DIR`. */
  execArgv?: string[];
}

/** Forks the built benchService.js (next to this file in dist/) and waits until it serves. */
export async function startServiceChild(options: ServiceChildOptions): Promise<ServiceChild> {
  const child = fork(path.join(__dirname, 'benchService.js'), [], {
    env: { ...process.env, ...options.env },
    execArgv: ['--expose-gc', ...(options.execArgv ?? [])],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let nextId = 1;
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the bench service exited with code ${code}`)));
    child.on('message', (message: BenchReply) => {
      if (message.kind === 'ready') return resolve(message.url);
      const waiter = pending.get(message.id);
      pending.delete(message.id);
      if (!waiter) return;
      if (message.ok) waiter.resolve(message.value);
      else waiter.reject(new Error(message.error));
    });
  });
  child.on('exit', (code) => {
    for (const waiter of pending.values()) waiter.reject(new Error(`the bench service exited (${code})`));
    pending.clear();
  });
  const request = (message: BenchRequest & { id: number }): Promise<unknown> =>
    new Promise((resolve, reject) => {
      pending.set(message.id, { resolve, reject });
      child.send(message);
    });
  return {
    url,
    pid: child.pid ?? 0,
    runCycle: async (tenantId) => (await request({ id: nextId++, kind: 'cycle', tenantId })) as CycleRun,
    stop: () => stopChild(child),
  };
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.send({ kind: 'stop' } satisfies BenchRequest);
  });
}
