import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const hostJson = z.looseObject({
  version: z.literal('2.0'),
  extensions: z
    .looseObject({ http: z.looseObject({ routePrefix: z.string().optional() }).optional() })
    .optional(),
});

/** The route prefix from host.json (`api` unless set), as the Functions host applies it. */
export function routePrefix(rootDir: string): string {
  const parsed = hostJson.parse(JSON.parse(readFileSync(path.join(rootDir, 'host.json'), 'utf8')));
  return (parsed.extensions?.http?.routePrefix ?? 'api').replace(/^\/+|\/+$/g, '');
}

/** `%NAME%` in a binding expression is an app setting reference, resolved at startup on Azure too. */
export function resolveAppSettings(expression: string, env: NodeJS.ProcessEnv): string {
  return expression.replace(/%([A-Za-z0-9_]+)%/g, (_, name: string) => {
    const value = env[name];
    if (value === undefined) throw new Error(`App setting ${name} referenced by a binding is not set`);
    return value;
  });
}
