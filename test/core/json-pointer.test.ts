import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { childPointer, JsonPointerError, pointerTokens, toPointer, valueAt } from '../../src/core/json-pointer.js';

describe('JSON pointer (RFC 6901)', () => {
  it('escapes ~ as ~0 and / as ~1 when building, and reads them back', () => {
    assert.equal(toPointer('boreholes', 0, 'log'), '/boreholes/0/log');
    assert.equal(toPointer('a/b', 'm~n', '~1'), '/a~1b/m~0n/~01');
    assert.deepEqual(pointerTokens('/a~1b/m~0n/~01'), ['a/b', 'm~n', '~1'], '~01 is the token "~1", not "/"');
    assert.equal(childPointer('/site', 'address', 'street'), '/site/address/street');
    assert.equal(childPointer('', 'x'), '/x');
  });

  it('knows the root and the empty key apart, and refuses text that is no pointer', () => {
    assert.equal(toPointer(), '');
    assert.deepEqual(pointerTokens(''), []);
    assert.deepEqual(pointerTokens('/'), ['']);
    assert.throws(() => pointerTokens('boreholes/0'), JsonPointerError);
  });

  it('finds values by the examples of RFC 6901, section 5', () => {
    const document = { foo: ['bar', 'baz'], '': 0, 'a/b': 1, 'c%d': 2, 'e^f': 3, 'g|h': 4, 'i\\j': 5, 'k"l': 6, ' ': 7, 'm~n': 8 };
    assert.equal(valueAt(document, ''), document);
    assert.deepEqual(valueAt(document, '/foo'), ['bar', 'baz']);
    assert.equal(valueAt(document, '/foo/0'), 'bar');
    const expected: [string, number][] = [
      ['/', 0],
      ['/a~1b', 1],
      ['/c%d', 2],
      ['/e^f', 3],
      ['/g|h', 4],
      ['/i\\j', 5],
      ['/k"l', 6],
      ['/ ', 7],
      ['/m~0n', 8],
    ];
    for (const [pointer, value] of expected) assert.equal(valueAt(document, pointer), value, pointer);
  });

  it('answers undefined for a path that does not exist, and never reaches into the prototype', () => {
    const answers = { site: { depth: 12 }, list: [1] };
    assert.equal(valueAt(answers, '/site/width'), undefined);
    assert.equal(valueAt(answers, '/site/depth/unit'), undefined);
    assert.equal(valueAt(answers, '/list/3'), undefined);
    assert.equal(valueAt(answers, '/constructor'), undefined);
    assert.equal(valueAt(answers, '/site/__proto__'), undefined);
  });
});
