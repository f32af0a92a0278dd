import type { AddressInfo } from 'node:net';
import { consoleInvocationLog, stampLines } from '../../../scripts/localHost/logLine';
import { createLocalHost } from '../../../scripts/localHost/server';

const STAMPED = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z /;

describe("the local host's log lines start with their ISO-8601 time", () => {
  test('every line of a message, a stack included', () => {
    const at = new Date('2025-01-31T09:15:02.123Z');
    expect(stampLines('one\ntwo', at)).toBe('2025-01-31T09:15:02.123Z one\n2025-01-31T09:15:02.123Z two');
  });

  test('the line per request', async () => {
    const lines: string[] = [];
    const server = createLocalHost({ functions: [], routePrefix: 'api', log: (line) => lines.push(line) });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      expect((await fetch(`http://127.0.0.1:${port}/api/nothing`)).status).toBe(404);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(STAMPED);
    expect(lines[0]).toMatch(/ GET \/api\/nothing 404 \d+ms$/);
  });

  test("a function's context.log and context.error, on stdout and stderr", () => {
    const out = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const err = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const log = consoleInvocationLog('syncCycleTimer');
      log('information', 'tenant', 3, 'cycled');
      log('error', new Error('boom'));
      expect(out).toHaveBeenCalledTimes(1);
      expect(String(out.mock.calls[0]?.[0])).toMatch(
        /^\d{4}-\d{2}-\d{2}T[\d:.]+Z \[information\] syncCycleTimer: tenant 3 cycled\n$/,
      );
      const written = String(err.mock.calls[0]?.[0]);
      expect(written).toContain('[error] syncCycleTimer: Error: boom');
      for (const line of written.trimEnd().split('\n')) expect(line).toMatch(STAMPED);
    } finally {
      out.mockRestore();
      err.mockRestore();
    }
  });
});
