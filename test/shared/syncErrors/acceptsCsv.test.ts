import { acceptsCsv } from '../../../shared/syncErrors/acceptsCsv';

describe('acceptsCsv', () => {
  test.each([
    ['text/csv', true],
    ['TEXT/CSV; charset=utf-8', true],
    ['text/csv, application/json;q=0.5', true],
    ['application/json, text/csv', true],
    ['application/json;q=0.9, text/csv;q=0.8', false],
    ['text/csv;q=0', false],
    ['*/*', false],
    ['text/*', false],
    ['application/json', false],
    ['', false],
  ])('%j → %s', (accept, expected) => {
    expect(acceptsCsv(accept)).toBe(expected);
  });

  test('no header: JSON', () => {
    expect(acceptsCsv(null)).toBe(false);
  });
});
