import { neutraliseFormula } from '../src';
import { columnName, guarded } from '../src/write/xlsx-cells';

describe('guarded', () => {
  it('makes of every text what neutraliseFormula makes of it, whatever its first character', () => {
    const differing: string[] = [];
    for (let code = 0; code <= 0xffff; code++) {
      for (const rest of ['', '=1+1', ' =1', 'abc']) {
        const text = String.fromCharCode(code) + rest;
        if (guarded(text) !== neutraliseFormula(text)) differing.push(JSON.stringify(text));
      }
    }

    expect(differing).toEqual([]);
  });
});

describe('columnName', () => {
  it.each([
    [0, 'A'],
    [25, 'Z'],
    [26, 'AA'],
    [28, 'AC'],
    [701, 'ZZ'],
    [702, 'AAA'],
    [16_383, 'XFD'],
  ])('names column %i %s', (index, name) => {
    expect(columnName(index)).toBe(name);
  });
});
