/**
 * @kitajs/html escapes attributes but not children: every child string must go through `safe` or
 * escapeHtml. The kitajs XSS scanner checks all page templates for an unescaped child.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';

const root = path.resolve(import.meta.dirname, '../..');

describe('page templates', () => {
  it('pass the kitajs XSS scanner', () => {
    const dir = path.join(root, 'src/web/pages');
    const files = fs
      .readdirSync(dir, { recursive: true })
      .map(String)
      .filter((f) => f.endsWith('.tsx'))
      .map((f) => path.join('src/web/pages', f));
    assert.ok(files.length >= 5);
    const cli = path.join(root, 'node_modules/@kitajs/ts-html-plugin/dist/cli.js');
    const result = spawnSync(process.execPath, [cli, '--simplified', ...files], { cwd: root, encoding: 'utf8' });
    assert.equal(result.status, 0, `${result.stdout}\n${result.stderr}`);
  });
});
