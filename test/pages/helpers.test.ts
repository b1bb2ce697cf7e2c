/** The small pure helpers of the pages: dates, links, search text cleaning, query reading. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { contactHref, countryName, formatDate, httpUrl, pick } from '../../src/web/pages/format.ts';
import { withLang } from '../../src/web/pages/respond.tsx';
import { cleanSearchText, readSearchQuery, searchHref } from '../../src/web/pages/search-query.ts';

describe('page helpers', () => {
  it('formats instants as JST calendar dates', () => {
    assert.equal(formatDate('2026-11-25T03:00:00.000Z', 'ja'), '2026年11月25日');
    assert.equal(formatDate('2026-11-25T03:00:00.000Z', 'en'), '25 Nov 2026');
    assert.equal(formatDate('2026-11-24T15:00:00.000Z', 'ja'), '2026年11月25日', 'midnight JST is the next day');
    assert.equal(formatDate('2026-01-05', 'en'), '5 Jan 2026', 'calendar dates pass through');
  });

  it('names countries in the page language', () => {
    assert.equal(countryName('JP', 'ja'), '日本');
    assert.equal(countryName('GB', 'en'), 'United Kingdom');
    assert.equal(countryName('??', 'en'), '??');
  });

  it('links only http(s) URLs and e-mail addresses', () => {
    assert.equal(httpUrl('https://a.example.jp/x'), 'https://a.example.jp/x');
    for (const bad of ['javascript:alert(1)', ' JaVaScRiPt:alert(1)', 'data:text/html,x', '/relative', '//evil.example', 'ftp://x']) {
      assert.equal(httpUrl(bad), undefined, bad);
      assert.equal(contactHref(bad), undefined, bad);
    }
    assert.equal(contactHref('security@vendor.example.jp'), 'mailto:security@vendor.example.jp');
    assert.equal(contactHref('MAILTO:security@vendor.example.jp'), 'mailto:security@vendor.example.jp');
    assert.equal(contactHref('https://psirt.example.jp/report'), 'https://psirt.example.jp/report');
    assert.equal(contactHref('a@b.example?cc=x@y.example'), undefined);
    assert.equal(contactHref('call 03-1234-5678'), undefined);
  });

  it('picks the page language and falls back to the other one', () => {
    assert.deepEqual(pick({ ja: '日本語', en: 'English' }, 'en'), { text: 'English', lang: 'en' });
    assert.deepEqual(pick({ ja: '日本語', en: null }, 'en'), { text: '日本語', lang: 'ja' });
    assert.deepEqual(pick({ ja: ' ', en: '' }, 'ja'), undefined);
  });

  it('cleans search text: invisible characters out, whitespace collapsed, 200 code points at most', () => {
    assert.deepEqual(cleanSearchText('  ab\u200Bc\u202E d\n\te  '), { text: 'abc d e', isTruncated: false });
    assert.equal(cleanSearchText('ｶﾒﾗ').text, 'ｶﾒﾗ', 'width folding is the use case’s job');
    const emoji = cleanSearchText('👍'.repeat(250));
    assert.equal([...emoji.text].length, 200);
    assert.ok(emoji.isTruncated);
    const combining = cleanSearchText(`${'a'.repeat(199)}e\u0301\u0301`);
    assert.equal(combining.text, 'a'.repeat(199), 'a character is not cut from its combining marks');
  });

  it('reads the search query leniently', () => {
    const state = readSearchQuery({ q: ' x ', level: '1', status: 'revoked', category: 'router', cursor: 'abc_-1', page: '3' }, new Set(['router']), new Set([1, 2]));
    assert.deepEqual(state, {
      q: 'x', isQTruncated: false, level: 1, status: 'revoked', category: 'router', vendor: undefined, ukPsti: false, sort: undefined,
      cursor: 'abc_-1', page: 3, isCursorMalformed: false,
    });
    const filtered = readSearchQuery({ vendor: '01A214E7-3C28-7250-A76B-75888CFDD48F', uk: '1', sort: 'expiring' }, new Set(), new Set());
    assert.deepEqual([filtered.vendor, filtered.ukPsti, filtered.sort], ['01a214e7-3c28-7250-a76b-75888cfdd48f', true, 'expiring']);
    const odd = readSearchQuery({ level: '7', status: 'gone', category: 'tv', cursor: 'a b', page: '-1' }, new Set(['router']), new Set([1]));
    assert.equal(odd.level, undefined);
    assert.equal(odd.status, undefined);
    assert.equal(odd.category, undefined);
    assert.equal(odd.cursor, undefined);
    assert.equal(odd.isCursorMalformed, true);
    assert.equal(odd.page, 1);
  });

  it('builds same-site links only', () => {
    assert.equal(searchHref({ q: 'a&b', level: 1, status: undefined, category: undefined }, { cursor: 'c' }), '/?q=a%26b&level=1&cursor=c');
    assert.equal(searchHref({ q: '', level: undefined, status: undefined, category: undefined }), '/');
    assert.equal(withLang('//evil.example/x?y=1', 'en'), '/evil.example/x?y=1&lang=en');
    assert.equal(withLang('/\\evil.example', 'en'), '/evil.example?lang=en');
    assert.equal(withLang('/labels/X?lang=ja&a=1?b', 'en'), '/labels/X?lang=en&a=1%3Fb');
  });
});
