import { readdirSync } from 'node:fs';
import path from 'node:path';
import { call, ROOT, startTestService, type TestService } from '../../support/service';

let service: TestService;

beforeAll(async () => {
  service = await startTestService();
});
afterAll(() => service.stop());

describe('the local host serves exactly what the app registers', () => {
  test('every function file registers at least one function through app.http/app.timer', () => {
    const files = readdirSync(path.join(ROOT, 'functions')).filter((f) => f.endsWith('.ts'));
    expect(service.host.functions.length).toBeGreaterThanOrEqual(files.length);
    expect(new Set(service.host.functions.map((f) => f.name)).size).toBe(service.host.functions.length);
  });

  test('every HTTP function is served with its route under api/ and its methods, nothing else', () => {
    const registered = service.host.functions
      .filter((f) => f.kind === 'http')
      .map((f) => ({ name: f.name, route: `api/${f.route}`, methods: [...f.methods].sort() }))
      .sort((a, b) => a.name.localeCompare(b.name));
    const served = service.host.served
      .map((f) => ({ name: f.name, route: f.route, methods: [...f.methods].sort() }))
      .sort((a, b) => a.name.localeCompare(b.name));
    expect(served).toEqual(registered);
  });

  test('every HTTP function uses the app token guard, not function keys', () => {
    for (const fn of service.host.functions) if (fn.kind === 'http') expect(fn.authLevel).toBe('anonymous');
  });

  test('each served route reaches its handler (a JSON or problem answer, not the host 404)', async () => {
    for (const fn of service.host.served) {
      const url = `${service.url}/${fn.route.replace(/\{\*?(\w+)\??\}/g, 'probe')}`;
      for (const method of fn.methods) {
        const res = await call(url, method);
        expect({ fn: fn.name, method, type: res.headers.get('content-type') }).toEqual({
          fn: fn.name,
          method,
          type: expect.stringMatching(/json|csv/) as unknown,
        });
      }
    }
  });
});
