/** Recognition rules are data: loaded, validated, and a broken rule stops start-up naming itself. */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, it } from 'node:test';
import { CatalogError, loadCatalog } from '../../src/catalog/load-catalog.ts';
import { ruleInForce } from '../../src/domain/recognition.ts';

const CATALOG = path.resolve(import.meta.dirname, '../../catalog');
const copies: string[] = [];
function brokenCopy(file: string, change: (rule: any) => void): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hoshi-rec-'));
  copies.push(dir);
  fs.cpSync(CATALOG, dir, { recursive: true });
  const target = path.join(dir, 'recognitions', file);
  const rule = JSON.parse(fs.readFileSync(target, 'utf8'));
  change(rule);
  fs.writeFileSync(target, JSON.stringify(rule));
  return dir;
}

describe('recognition rules in the catalogue', () => {
  afterEach(() => copies.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  it('loads the UK PSTI and Singapore CLS rules in both directions', () => {
    const catalog = loadCatalog(CATALOG);
    const rules = [...catalog.recognitions.values()];
    assert.deepEqual(ruleInForce(rules, 'uk-psti', 'jc-star', '2026-01-01')?.recognizedRequirements, ['S1.1-02', 'S1.1-05', 'S1.1-16']);
    assert.equal(ruleInForce(rules, 'uk-psti', 'jc-star', '2025-12-31'), undefined);
    assert.equal(ruleInForce(rules, 'jc-star', 'uk-psti', '2025-12-04')?.id, 'jc-star-1-to-uk-psti');
    assert.equal(ruleInForce(rules, 'jc-star', 'sg-cls', '2026-06-01')?.status, 'terms-not-public');
  });

  it('stops on a rule naming an unknown requirement, with the rule and field', () => {
    const dir = brokenCopy('uk-psti-to-jc-star-1.json', (r) => (r.recognizedRequirements = ['S1.1-02', 'S1.1-99']));
    assert.throws(() => loadCatalog(dir), (e: unknown) => e instanceof CatalogError && /uk-psti-to-jc-star-1\.json: \/recognizedRequirements\/1: rule uk-psti-to-jc-star-1: unknown requirement S1\.1-99/.test(e.message));
  });

  it('stops on two rules for the same schemes in force on the same day, naming both', () => {
    const dir = brokenCopy('uk-psti-to-jc-star-1.json', () => undefined);
    const second = JSON.parse(fs.readFileSync(path.join(dir, 'recognitions', 'uk-psti-to-jc-star-1.json'), 'utf8'));
    second.id = 'uk-psti-to-jc-star-1-amended';
    second.effectiveFrom = '2026-06-01';
    fs.writeFileSync(path.join(dir, 'recognitions', 'uk-psti-amended.json'), JSON.stringify(second));
    assert.throws(() => loadCatalog(dir), (e: unknown) => e instanceof CatalogError && /overlaps rule/.test(e.message) && /uk-psti-to-jc-star-1/.test(e.message));
  });

  it('accepts a successor rule once the first one ends (a data change, no code)', () => {
    const dir = brokenCopy('uk-psti-to-jc-star-1.json', (r) => (r.effectiveUntil = '2026-05-31'));
    const second = JSON.parse(fs.readFileSync(path.join(CATALOG, 'recognitions', 'uk-psti-to-jc-star-1.json'), 'utf8'));
    Object.assign(second, { id: 'uk-psti-to-jc-star-1-v2', effectiveFrom: '2026-06-01', recognizedRequirements: ['S1.1-02', 'S1.1-05'] });
    fs.writeFileSync(path.join(dir, 'recognitions', 'v2.json'), JSON.stringify(second));
    const rules = [...loadCatalog(dir).recognitions.values()];
    assert.equal(ruleInForce(rules, 'uk-psti', 'jc-star', '2026-07-01')?.id, 'uk-psti-to-jc-star-1-v2');
    assert.equal(ruleInForce(rules, 'uk-psti', 'jc-star', '2026-03-01')?.id, 'uk-psti-to-jc-star-1');
  });
});
