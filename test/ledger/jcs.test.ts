import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalBytes, canonicalize } from '../../src/ledger/jcs.js';

describe('RFC 8785 vectors', () => {
  // cyberphone/json-canonicalization testdata/input/*.json → testdata/output/*.json (the RFC
  // author's reference data). values.json is the RFC's §3.2.2 sample with "escaping" for "string".
  const pairs: [string, string, string][] = [
    [
      'values',
      '{\n  "numbers": [1E30, 4.50, 333333333.33333329, 2e-3, 0.000000000000000000000000001],\n  "escaping": "\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/",\n  "literals": [null, true, false]\n}',
      '{"escaping":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/","literals":[null,true,false],"numbers":[1e+30,4.5,333333333.3333333,0.002,1e-27]}',
    ],
    [
      'structures',
      '{\n  "1": {"f": {"f": "hi","F": 5} ,"\\n": 56.0},\n  "10": { },\n  "": "empty",\n  "a": { },\n  "111": [ { } ],\n  "A": { }\n}',
      '{"":"empty","1":{"\\n":56,"f":{"F":5,"f":"hi"}},"10":{},"111":[{}],"A":{},"a":{}}',
    ],
    ['unicode', '{\n  "Unnormalized Unicode":"\\u1e0d\\u0307"\n}\n', '{"Unnormalized Unicode":"\u1e0d\u0307"}'],
    [
      'french',
      '{\n  "peach": "This sorting order",\n  "péché": "is wrong according to French",\n  "pêche": "but canonicalization MUST",\n  "sin":   "ingnore locale"\n}\n',
      '{"peach":"This sorting order","péché":"is wrong according to French","pêche":"but canonicalization MUST","sin":"ingnore locale"}',
    ],
    [
      'weird',
      '{\n  "\\u20ac": "Euro Sign",\n  "1": "One",\n  "\\u0080": "Control\\u007f",\n  "\\ud83d\\ude02": "Smiley",\n  "\\u00f6": "Latin Small Letter O With Diaeresis",\n  "\\ufb33": "Hebrew Letter Dalet With Dagesh",\n  "</script>": "Browser Challenge"\n}\n',
      '{"1":"One","</script>":"Browser Challenge","\u0080":"Control\u007f","ö":"Latin Small Letter O With Diaeresis","€":"Euro Sign","😂":"Smiley","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
    ],
  ];
  it.each(pairs)('cyberphone testdata %s.json', (_, input, output) => {
    expect(canonicalize(JSON.parse(input))).toBe(output);
  });

  it('§3.2.3: sorts keys by UTF-16 code units', () => {
    const input = {
      '\u20ac': 'Euro Sign',
      '\r': 'Carriage Return',
      '\ufb33': 'Hebrew Letter Dalet With Dagesh',
      '1': 'One',
      '\ud83d\ude00': 'Emoji: Grinning Face',
      '\u0080': 'Control',
      '\u00f6': 'Latin Small Letter O With Diaeresis',
    };
    // Read back with JSON.parse, Object.keys would list "1" first (integer keys come first in
    // JavaScript objects), so the order is checked on the text.
    expect(canonicalize(input)).toBe(
      '{"\\r":"Carriage Return","1":"One","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis",' +
        '"\u20ac":"Euro Sign","\ud83d\ude00":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
    );
  });

  // Appendix B: IEEE-754 bit patterns and their serialization.
  const numbers: [string, string][] = [
    ['0000000000000000', '0'],
    ['8000000000000000', '0'],
    ['0000000000000001', '5e-324'],
    ['8000000000000001', '-5e-324'],
    ['7fefffffffffffff', '1.7976931348623157e+308'],
    ['ffefffffffffffff', '-1.7976931348623157e+308'],
    ['4340000000000000', '9007199254740992'],
    ['c340000000000000', '-9007199254740992'],
    ['4430000000000000', '295147905179352830000'],
    ['44b52d02c7e14af5', '9.999999999999997e+22'],
    ['44b52d02c7e14af6', '1e+23'],
    ['44b52d02c7e14af7', '1.0000000000000001e+23'],
    ['444b1ae4d6e2ef4e', '999999999999999700000'],
    ['444b1ae4d6e2ef4f', '999999999999999900000'],
    ['444b1ae4d6e2ef50', '1e+21'],
    ['3eb0c6f7a0b5ed8c', '9.999999999999997e-7'],
    ['3eb0c6f7a0b5ed8d', '0.000001'],
    ['41b3de4355555553', '333333333.3333332'],
    ['41b3de4355555554', '333333333.33333325'],
    ['41b3de4355555555', '333333333.3333333'],
    ['41b3de4355555556', '333333333.3333334'],
    ['41b3de4355555557', '333333333.33333343'],
    ['becbf647612f3696', '-0.0000033333333333333333'],
    ['43143ff3c1cb0959', '1424953923781206.2'],
  ];
  const double = (bits: string): number => Buffer.from(bits, 'hex').readDoubleBE(0);
  it.each(numbers)('Appendix B: 0x%s → %s', (bits, text) => {
    expect(canonicalize(double(bits))).toBe(text);
  });

  it.each([
    ['7fffffffffffffff', 'NaN'],
    ['7ff0000000000000', 'Infinity'],
    ['fff0000000000000', '-Infinity'],
  ])('Appendix B: 0x%s (%s) is an error', (bits) => {
    expect(() => canonicalize(double(bits))).toThrow(/is not a JSON number/);
  });

  it('canonicalBytes is the UTF-8 of the canonical text', () => {
    expect(Buffer.from(canonicalBytes({ b: '€', a: [1] })).toString('hex')).toBe(
      Buffer.from('{"a":[1],"b":"\u20ac"}', 'utf8').toString('hex'),
    );
    expect(Buffer.from(canonicalBytes('€')).toString('hex')).toBe('22e282ac22');
  });
});

describe('nothing is dropped or guessed silently', () => {
  const cycle: Record<string, unknown> = {};
  cycle.self = { again: cycle };
  const cases: [string, unknown, RegExp][] = [
    ['undefined', undefined, /\$: undefined is not a JSON value/],
    ['an undefined member', { a: 1, b: undefined }, /\$\["b"\]: undefined/],
    ['undefined in an array', [1, undefined], /\$\[1\]: undefined/],
    ['a hole in an array', [1, , 3], /\$\[1\]: hole/],
    ['a function', { f: () => 1 }, /function is not a JSON value/],
    ['a bigint', { n: 1n }, /bigint is not a JSON value/],
    ['a symbol value', [Symbol('s')], /symbol is not a JSON value/],
    ['a symbol key', { [Symbol('s')]: 1 }, /symbol keys/],
    ['NaN in an object', { x: Number.NaN }, /\$\["x"\]: NaN is not a JSON number/],
    ['a lone high surrogate', 'a\ud800', /lone surrogate/],
    ['a lone low surrogate in a key', { '\udc00': 1 }, /lone surrogate/],
    ['a cycle', cycle, /\$\["self"\]\["again"\]: cycle/],
    ['a Date (toJSON is not called)', { at: new Date(0) }, /Date is not a plain object/],
    ['a Map', new Map([[1, 2]]), /Map is not a plain object/],
    ['a boxed number', { n: new Number(1) }, /Number is not a plain object/],
    ['a typed array', new Uint8Array(2), /Uint8Array is not a plain object/],
    ['a toJSON member', { toJSON: () => 1 }, /function/],
  ];
  it.each(cases)('rejects %s', (_, value, why) => {
    expect(() => canonicalize(value)).toThrow(TypeError);
    expect(() => canonicalize(value)).toThrow(why);
  });

  it('accepts a shared (acyclic) reference and a null-prototype object', () => {
    const shared = { x: 1 };
    expect(canonicalize({ a: shared, b: [shared] })).toBe('{"a":{"x":1},"b":[{"x":1}]}');
    const bare = Object.create(null) as Record<string, unknown>;
    bare.z = 'z';
    expect(canonicalize(bare)).toBe('{"z":"z"}');
    expect(canonicalize('\ud83d\ude00')).toBe('"\ud83d\ude00"');
  });
});

describe('properties', () => {
  it('canonicalize(JSON.parse(canonicalize(x))) === canonicalize(x)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (x) => {
        const once = canonicalize(x);
        expect(canonicalize(JSON.parse(once))).toBe(once);
      }),
    );
  });

  it('does not depend on the order keys were inserted in', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 2 })), (x) => {
        const reversed = Object.fromEntries(Object.entries(x).reverse());
        expect(canonicalize(reversed)).toBe(canonicalize(x));
      }),
    );
  });

  it('every finite double reads back to itself (and -0 to 0)', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        expect(Number(canonicalize(x))).toBe(x === 0 ? 0 : x);
      }),
    );
  });

  it('any well-formed string reads back to itself', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        expect(JSON.parse(canonicalize(s))).toBe(s);
      }),
    );
  });
});
