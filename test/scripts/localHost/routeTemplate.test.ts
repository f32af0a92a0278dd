import { comparePrecedence, compileRoute, matchRoute } from '../../../scripts/localHost/routeTemplate';

const split = (path: string): string[] => path.split('/').filter(Boolean);

describe('route templates (ASP.NET style, as the Functions host matches them)', () => {
  test('literals match case-insensitively, parameters capture a segment', () => {
    const route = compileRoute('api/sync-errors/{id}/diagnosis');
    expect(matchRoute(route, split('API/Sync-Errors/abc/DIAGNOSIS'))).toEqual({ id: 'abc' });
    expect(matchRoute(route, split('api/sync-errors/abc'))).toBeNull();
    expect(matchRoute(route, split('api/sync-errors/abc/diagnosis/more'))).toBeNull();
  });

  test('a catch-all takes the rest of the path, slashes included', () => {
    const route = compileRoute('api/source-objects/{*sourceAnchor}');
    expect(matchRoute(route, split('api/source-objects/ab/cd+ef=='))).toEqual({ sourceAnchor: 'ab/cd+ef==' });
    expect(matchRoute(route, split('api/source-objects'))).toEqual({});
  });

  test('an ordinary parameter cannot take a slash: the Azure 404 the SPEC warns of', () => {
    const route = compileRoute('api/source-objects/{sourceAnchor}');
    expect(matchRoute(route, split('api/source-objects/ab/cd=='))).toBeNull();
  });

  test('optional parameters and constraints', () => {
    const route = compileRoute('api/items/{id:guid?}');
    expect(matchRoute(route, split('api/items'))).toEqual({});
    expect(matchRoute(route, split('api/items/1'))).toEqual({ id: '1' });
  });

  test('literal beats parameter beats catch-all', () => {
    const routes = ['api/x/{*rest}', 'api/x/{id}', 'api/x/list'].map(compileRoute);
    routes.sort(comparePrecedence);
    expect(routes.map((r) => r.template)).toEqual(['api/x/list', 'api/x/{id}', 'api/x/{*rest}']);
  });

  test('unsupported templates are refused loudly', () => {
    expect(() => compileRoute('api/{*rest}/more')).toThrow(/Catch-all must be last/);
    expect(() => compileRoute('api/a{b}')).toThrow(/Unsupported route segment/);
  });
});
