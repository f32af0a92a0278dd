import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const settingsFile = z.object({
  IsEncrypted: z.boolean().optional(),
  Values: z.record(z.string(), z.string()),
});

/**
 * Applies local.settings.json (or the committed sample when there is none) the way `func start`
 * does: its Values become environment variables, and variables already set win.
 */
export function applyLocalSettings(rootDir: string, env: NodeJS.ProcessEnv = process.env): string {
  const own = path.join(rootDir, 'local.settings.json');
  const file = existsSync(own) ? own : path.join(rootDir, 'local.settings.sample.json');
  const parsed = settingsFile.parse(JSON.parse(readFileSync(file, 'utf8')));
  for (const [key, value] of Object.entries(parsed.Values)) env[key] ??= value;
  return path.basename(file);
}
