// Each text transformation checked against AWS's documented behaviour and examples.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { compileTransforms, percentDecodeBytes, TRANSFORMS, UnsupportedTransformationError } from './transforms.js';

const t = (type: string, input: string): string => TRANSFORMS[type]!(input);

test('COMPRESS_WHITE_SPACE turns \\f \\t \\n \\r \\v and NBSP into spaces and collapses runs', () => {
  assert.equal(t('COMPRESS_WHITE_SPACE', 'a\f\t\n\r\v\u00a0b  c'), 'a b c');
});
test('HTML_ENTITY_DECODE: &quot; &amp; &lt; &gt; &nbsp;, hex and decimal references', () => {
  assert.equal(t('HTML_ENTITY_DECODE', '&quot;&amp;&lt;&gt;&nbsp;&#x41;&#66;'), '"&<>\u00a0AB');
  assert.equal(t('HTML_ENTITY_DECODE', '&lt;script&gt;'), '<script>');
  assert.equal(t('HTML_ENTITY_DECODE', 'plain & text'), 'plain & text');
  // Without the semicolon, as ModSecurity and browsers read them; &amp needs it.
  assert.equal(t('HTML_ENTITY_DECODE', '&ltscript&gtalert(1)&quot&nbsp&#65'), '<script>alert(1)"\u00a0A');
  assert.equal(t('HTML_ENTITY_DECODE', '&ampersand &amp'), '&ampersand &amp');
});
test('LOWERCASE and UPPERCASE change only ASCII letters', () => {
  assert.equal(t('LOWERCASE', 'SeLeCt Ä'), 'select Ä');
  assert.equal(t('UPPERCASE', 'select ä'), 'SELECT ä');
});
test('CMD_LINE deletes \\ " \' ^, spaces before / and (, turns , ; into spaces, collapses, lowercases', () => {
  assert.equal(t('CMD_LINE', 'C^A"T\\ /etc/pa\'ss;wd,X  (y)'), 'cat/etc/pass wd x(y)');
});
test('URL_DECODE decodes %HH and +; URL_DECODE_UNI also %uHHHH', () => {
  assert.equal(t('URL_DECODE', '%27%20OR%201=1--+x'), "' OR 1=1-- x");
  assert.equal(t('URL_DECODE', '100%'), '100%');
  assert.equal(t('URL_DECODE', '%C3%A9'), 'é');
  assert.equal(t('URL_DECODE_UNI', '%u0027%uFF1C'), "'<");
});
test('BASE64_DECODE stops at an invalid character; BASE64_DECODE_EXT ignores them', () => {
  assert.equal(t('BASE64_DECODE', 'PHNjcmlwdD4='), '<script>');
  assert.equal(t('BASE64_DECODE_EXT', 'PHNj.cmlw*dD4='), '<script>');
});
test('HEX_DECODE decodes hexadecimal pairs', () => {
  assert.equal(t('HEX_DECODE', '414243'), 'ABC');
});
test('MD5 and SHA256 answer the digest bytes', () => {
  assert.equal(Buffer.from(t('MD5', 'abc'), 'latin1').toString('hex'), createHash('md5').update('abc').digest('hex'));
  assert.equal(
    Buffer.from(t('SHA256', 'abc'), 'latin1').toString('hex'),
    createHash('sha256').update('abc').digest('hex'),
  );
});
test('REPLACE_COMMENTS replaces /* ... */ (and an unterminated one) with a space; REMOVE_COMMENTS_CHAR drops markers', () => {
  assert.equal(t('REPLACE_COMMENTS', 'UNION/**/SELECT/* tail'), 'UNION SELECT ');
  assert.equal(t('REPLACE_COMMENTS', 'a */ b'), 'a */ b');
  assert.equal(t('REMOVE_COMMENTS_CHAR', 'a/*b*/c--d#e'), 'abcde');
});
test('ESCAPE_SEQ_DECODE decodes ANSI C escapes', () => {
  assert.equal(t('ESCAPE_SEQ_DECODE', '\\x41\\102\\n\\t\\\\\\"'), 'AB\n\t\\"');
});
test('SQL_HEX_DECODE: (0x414243) becomes (ABC)', () => {
  assert.equal(t('SQL_HEX_DECODE', 'SELECT 0x414243'), 'SELECT ABC');
});
test('CSS_DECODE: ja\\vascript becomes javascript, hex escapes keep the low byte', () => {
  assert.equal(t('CSS_DECODE', 'ja\\vascript'), 'javascript');
  assert.equal(t('CSS_DECODE', '\\6a \\61vascript'), 'javascript');
});
test('JS_DECODE: \\uHHHH keeps the low byte except full-width ASCII, \\xHH, octal, named escapes', () => {
  assert.equal(t('JS_DECODE', '\\u003cscript\\x3e'), '<script>');
  assert.equal(t('JS_DECODE', '\\uff1c'), '<');
  assert.equal(t('JS_DECODE', '\\u0141'), 'A');
});
test('NORMALIZE_PATH removes duplicate slashes, self and back references not at the start', () => {
  assert.equal(t('NORMALIZE_PATH', '/a//b/./c/../d'), '/a/b/d');
  assert.equal(t('NORMALIZE_PATH', '../a/b/../c'), '../a/c');
  assert.equal(t('NORMALIZE_PATH_WIN', '\\a\\b\\..\\..\\etc\\passwd'), '/etc/passwd');
});
test('REMOVE_NULLS and REPLACE_NULLS', () => {
  assert.equal(t('REMOVE_NULLS', 'a\0b'), 'ab');
  assert.equal(t('REPLACE_NULLS', 'a\0b'), 'a b');
});
test('REMOVE_WHITESPACE and TRIM variants', () => {
  assert.equal(t('REMOVE_WHITESPACE', ' a \tb\n'), 'ab');
  assert.equal(t('TRIM', '  a b  '), 'a b');
  assert.equal(t('TRIM_LEFT', '  a '), 'a ');
  assert.equal(t('TRIM_RIGHT', ' a  '), ' a');
});
test('UTF8_TO_UNICODE writes non-ASCII characters as %uHHHH', () => {
  assert.equal(t('UTF8_TO_UNICODE', 'aé'), 'a%u00e9');
});
test('a chain applies transformations in Priority order, not list order', () => {
  const chain = compileTransforms([
    { Priority: 2, Type: 'LOWERCASE' },
    { Priority: 1, Type: 'URL_DECODE' },
  ]);
  assert.equal(chain.apply('%53ELECT'), 'select');
  assert.equal(compileTransforms([{ Priority: 0, Type: 'NONE' }]).apply('X'), 'X');
});
test('a transformation without documented semantics is refused at compile time', () => {
  assert.throws(() => compileTransforms([{ Priority: 0, Type: 'CMD_LINE_WIN' }]), UnsupportedTransformationError);
});
test('URL_DECODE and URL_DECODE_UNI decode an ASCII value in string space exactly as they decode its bytes', () => {
  // Strings from the characters that steer the decoder (escapes, cut escapes, %u, full-width, non-ASCII, decoded bytes
  // above 0x7F), compared with the byte-level decoder that any input the string-space path cannot decode falls to.
  const alphabet = [
    '%',
    '%',
    '%',
    'u',
    'U',
    '+',
    'a',
    'F',
    'f',
    '0',
    '2',
    '7',
    '8',
    'g',
    ' ',
    'é',
    'ÿ',
    '\uff21',
    '\u{1f600}',
  ];
  let seed = 14;
  const next = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const samples = [
    '',
    '%',
    '%4',
    '%41',
    '%u',
    '%u004',
    '%u0041',
    '%uff21',
    '%U00e9',
    '%e9',
    'a+b',
    '%2B%2b',
    '%ZZ%',
    '%c3%a9',
    'a%E2%82%ACb',
    '%uD800',
    '%u00e9+',
  ];
  for (let k = 0; k < 20000; k++) {
    let s = '';
    for (let len = next(12); len > 0; len--) s += alphabet[next(alphabet.length)];
    samples.push(s);
  }
  for (const s of samples) {
    assert.equal(t('URL_DECODE', s), percentDecodeBytes(s, false), JSON.stringify(s));
    assert.equal(t('URL_DECODE_UNI', s), percentDecodeBytes(s, true), JSON.stringify(s));
  }
  assert.equal(t('URL_DECODE', 'Please+deliver+%3Cb%3E'), 'Please deliver <b>');
  assert.equal(t('URL_DECODE_UNI', '%u0027%uFF1C'), "'<");
});
