import { UsageError } from '../scripts/lib/serviceUrl';
import { AgentStop } from './errors';
import { parseAgentArgs, USAGE } from './options';
import { runAgent } from './run';

/**
 * `npm run -s agent -- …`: see USAGE. Progress and every object not delivered on stderr, one
 * summary line on stdout (after the JSON lines of --dry-run). Exit codes: 0 all delivered,
 * 1 something not delivered, 2 a usage mistake, 3 the run stopped.
 */
export async function main(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  const stdout = (line: string): void => void process.stdout.write(`${line}\n`);
  const stderr = (line: string): void => void process.stderr.write(`${line}\n`);
  try {
    const parsed = parseAgentArgs(argv, env);
    if (parsed.help) {
      stdout(USAGE);
      return 0;
    }
    const result = await runAgent(parsed.options, { stdout, stderr, env });
    stdout(result.summary);
    return result.exitCode;
  } catch (error) {
    if (error instanceof UsageError) {
      stderr(`agent: ${error.message}`);
      return 2;
    }
    if (error instanceof AgentStop) {
      stderr(`agent: stopped, nothing more sent: ${error.message}`);
      return 3;
    }
    throw error;
  }
}

if (require.main === module) {
  main(process.argv.slice(2), process.env).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      // Not a password or a token: neither ever reaches an Error message here.
      console.error(
        `agent: unexpected failure: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
      process.exitCode = 3;
    },
  );
}
