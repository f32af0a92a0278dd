import { logError } from './logLine';

/**
 * Stands in for `@azure/functions-core`, the module the Functions worker normally provides.
 * `@azure/functions` hands every `app.http` / `app.timer` registration to it, so with this in
 * place the app's own registration calls run unchanged and the local host serves exactly what
 * Azure would. Only the local host and the tests load it; on Azure the worker's module wins.
 */
export interface CoreRegistration {
  metadata: unknown;
  callback: unknown;
}

interface Disposable {
  dispose(): void;
}

// A registry is inherently state: one per loaded app (jest gives each test file its own).
const registrations: CoreRegistration[] = [];

export function registerFunction(metadata: unknown, callback: unknown): Disposable {
  const entry: CoreRegistration = { metadata, callback };
  registrations.push(entry);
  return {
    dispose: () => {
      const index = registrations.indexOf(entry);
      if (index >= 0) registrations.splice(index, 1);
    },
  };
}

export function setProgrammingModel(): void {
  // The local host converts requests itself; the programming model's RPC converters are not used.
}

export function registerHook(): Disposable {
  return { dispose: () => undefined };
}

export function log(level: string, category: string, message: string): void {
  if (level === 'error' || level === 'warning') logError(`[${category}] ${message}`);
}

export function registeredFunctions(): readonly CoreRegistration[] {
  return [...registrations];
}
