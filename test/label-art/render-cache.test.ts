/** The PNG cache keeps the most recently used renderings within its byte budget. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RenderCache } from '../../src/web/label-art/render-cache.ts';

describe('RenderCache', () => {
  it('evicts the least recently used entries when over its byte budget', () => {
    const cache = new RenderCache(10);
    cache.set('a', Buffer.alloc(4));
    cache.set('b', Buffer.alloc(4));
    assert.ok(cache.get('a'));
    cache.set('c', Buffer.alloc(4));
    assert.equal(cache.get('b'), undefined);
    assert.ok(cache.get('a'));
    assert.ok(cache.get('c'));
  });

  it('does not keep an entry larger than the whole budget', () => {
    const cache = new RenderCache(10);
    cache.set('big', Buffer.alloc(11));
    assert.equal(cache.get('big'), undefined);
  });
});
