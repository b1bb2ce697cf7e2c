/**
 * Reading CSAF without a database: the product tree, the per-product facts of each vulnerability,
 * matching to registered products and merging several CSAF products into one finding.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readFindings, readRecommended } from '../../src/app/advisories/csaf-findings.ts';
import { readProductTree } from '../../src/app/advisories/csaf-products.ts';
import { matchProducts, modelKeysOf, nameKey } from '../../src/app/advisories/match-products.ts';
import { mergeFindings } from '../../src/app/advisories/merge-findings.ts';
import { fixture, sample } from './setup.ts';

const doc = (productTree: object, vulnerabilities: object[] = []) => ({ document: {}, product_tree: productTree, vulnerabilities });

describe('CSAF product tree', () => {
  it('reads branch products with their vendor, product name, version and identification helper', () => {
    const tree = readProductTree(fixture());
    assert.deepEqual([...tree.products.keys()], ['CSAFPID-0001', 'CSAFPID-0002', 'CSAFPID-0003', 'CSAFPID-0004']);
    assert.deepEqual(tree.products.get('CSAFPID-0001'), {
      id: 'CSAFPID-0001',
      name: 'A Denki NC-200 Network Camera firmware 1.4.3',
      productName: 'NC-200 Network Camera',
      vendor: 'A Denki',
      version: '1.4.3',
      modelNumbers: ['ＮＣ－２００', 'nc-200w'],
      skus: [],
      source: 'branch',
      relationship: null,
    });
    assert.equal(tree.products.get('CSAFPID-0004')!.productName, 'ｽﾏｰﾄﾄﾞｱﾍﾞﾙ');
    assert.deepEqual(tree.groups.get('CSAFGID-0001'), ['CSAFPID-0001', 'CSAFPID-0003']);
  });

  it('reads full_product_names and relationships, and never throws on odd shapes', () => {
    const tree = readProductTree(doc({
      full_product_names: [{ name: 'Cam', product_id: 'P1', product_identification_helper: { skus: ['SKU-1'] } }, 7, { name: 'no id' }],
      relationships: [{ category: 'installed_on', product_reference: 'FW', relates_to_product_reference: 'P1', full_product_name: { name: 'FW on Cam', product_id: 'R1' } }],
      branches: [null, { category: 'vendor', name: 'V', branches: 'not a list' }],
    }));
    assert.deepEqual([...tree.products.keys()], ['P1', 'R1']);
    assert.deepEqual(tree.products.get('P1')!.skus, ['SKU-1']);
    assert.deepEqual(tree.products.get('R1')!.relationship, { category: 'installed_on', productReference: 'FW', relatesTo: 'P1' });
    for (const odd of [null, 5, 'x', [], {}, { product_tree: [] }, { product_tree: { branches: [{ branches: [{ product: 3 }] }] } }]) {
      assert.equal(readProductTree(odd).products.size, 0);
    }
  });

  it('walks deep branch nesting without recursion', () => {
    let branch: Record<string, unknown> = { category: 'product_version', name: '1', product: { name: 'Deep', product_id: 'D' } };
    for (let i = 0; i < 50_000; i++) branch = { category: 'product_family', name: `f${i}`, branches: [branch] };
    assert.equal(readProductTree(doc({ branches: [branch] })).products.get('D')!.name, 'Deep');
  });
});

describe('CSAF findings per product', () => {
  it('normalizes statuses and collects flags, impact, CVSS and remediations (also through groups)', () => {
    const d = fixture();
    const findings = readFindings(d, readProductTree(d).groups);
    const of = (v: number, id: string) => findings.find((f) => f.vulnerability === v && f.csafProductId === id)!;
    assert.equal(findings.length, 6);
    assert.deepEqual(of(0, 'CSAFPID-0001'), {
      vulnerability: 0,
      cve: 'CVE-2026-10001',
      title: 'Authentication bypass in the web interface',
      csafProductId: 'CSAFPID-0001',
      status: 'fixed',
      justification: null,
      impactStatement: null,
      cvss: { version: '3.1', baseScore: 9.8, severity: 'CRITICAL', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' },
      remediations: [{ category: 'vendor_fix', details: 'Update the firmware to version 1.4.3 or later.', url: 'https://a.example.jp/support/nc-200/firmware' }],
    });
    assert.equal(of(0, 'CSAFPID-0002').status, 'known_not_affected');
    assert.equal(of(0, 'CSAFPID-0002').justification, 'vulnerable_code_not_present');
    assert.equal(of(0, 'CSAFPID-0002').impactStatement, 'The NC-300 uses a different web server without the maintenance endpoint.');
    assert.equal(of(0, 'CSAFPID-0002').cvss, null);
    assert.deepEqual(of(0, 'CSAFPID-0003').remediations.map((r) => r.category), ['vendor_fix', 'no_fix_planned']);
    assert.equal(of(1, 'CSAFPID-0004').status, 'under_investigation');
  });

  it('maps first_affected/last_affected to known_affected and first_fixed to fixed; prefers CVSS v3 over v2; notes recommended', () => {
    const d = doc({}, [{
      cve: 'CVE-2020-0001',
      product_status: { first_affected: ['A'], last_affected: ['B'], first_fixed: ['C'], recommended: ['C', 'D'] },
      flags: [{ label: 'component_not_present', product_ids: ['A'] }],
      scores: [
        { products: ['A'], cvss_v2: { version: '2.0', baseScore: 10, vectorString: 'AV:N/AC:L/Au:N/C:C/I:C/A:C' } },
        { products: ['A', 'B'], cvss_v3: { version: '3.0', baseScore: 5.3, baseSeverity: 'MEDIUM', vectorString: 'CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N' } },
      ],
    }]);
    const findings = readFindings(d, new Map());
    assert.deepEqual(findings.map((f) => [f.csafProductId, f.status]), [['A', 'known_affected'], ['B', 'known_affected'], ['C', 'fixed']]);
    assert.equal(findings[0]!.justification, null, 'flags justify not-affected products only');
    assert.equal(findings[0]!.cvss!.version, '3.0');
    assert.equal(findings[2]!.cvss, null);
    assert.deepEqual(readRecommended(d), [{ vulnerability: 0, cve: 'CVE-2020-0001', csafProductId: 'C' }, { vulnerability: 0, cve: 'CVE-2020-0001', csafProductId: 'D' }]);
    const v2only = readFindings(doc({}, [{ product_status: { known_affected: ['A'] }, scores: [{ products: ['A'], cvss_v2: { version: '2.0', baseScore: 7.5, vectorString: 'AV:N/AC:L/Au:N/C:P/I:P/A:P' } }] }]), new Map());
    assert.deepEqual(v2only[0]!.cvss, { version: '2.0', baseScore: 7.5, severity: null, vector: 'AV:N/AC:L/Au:N/C:P/I:P/A:P' });
  });
});

describe('matching CSAF products to registered products', () => {
  const products = [
    { id: '0190a000-0000-7000-8000-000000000001', nameJa: 'NC-200 ネットワークカメラ', nameEn: 'NC-200 camera' },
    { id: '0190a000-0000-7000-8000-000000000002', nameJa: 'NC-300 ネットワークカメラ', nameEn: 'NC-300 camera' },
    { id: '0190a000-0000-7000-8000-000000000003', nameJa: 'スマートドアベル', nameEn: 'Smart door bell' },
  ];
  const models = [
    { productId: products[0]!.id, key: 'NC-200' },
    { productId: products[0]!.id, key: 'NC-200W' },
    { productId: products[1]!.id, key: 'NC-300' },
    { productId: products[1]!.id, key: 'NC-300-JP' },
  ];

  it('matches by model number key (width and case), wildcard, and NFKC product name; reports the rest', () => {
    const tree = readProductTree(fixture());
    assert.deepEqual(modelKeysOf(tree), { keys: ['NC-200', 'NC-200W', 'NC-100'], wildcards: true });
    const report = matchProducts(tree, products, models);
    assert.deepEqual(report.matched.map((m) => [m.csafProductId, m.productId, m.matchedBy]), [
      ['CSAFPID-0001', products[0]!.id, 'model_number'],
      ['CSAFPID-0002', products[1]!.id, 'model_number'],
      ['CSAFPID-0004', products[2]!.id, 'product_name'],
    ]);
    assert.deepEqual(report.unmatched, [{ csafProductId: 'CSAFPID-0003', name: 'A Denki NC-100 Network Camera firmware 1.9.9' }]);
  });

  it('matches our product id, SKUs, and relationship products through the product they relate to', () => {
    const tree = readProductTree(doc({
      full_product_names: [
        { name: 'anything', product_id: products[2]!.id.toUpperCase() },
        { name: 'Camera', product_id: 'CAM', product_identification_helper: { skus: ['nc-300-jp'] } },
        { name: 'Firmware 9', product_id: 'FW' },
        { name: '  nc-200   CAMERA ', product_id: 'BYNAME' },
        { name: 'Other', product_id: 'OTHER', product_identification_helper: { model_numbers: ['NC-2??'] } },
        { name: 'Nothing', product_id: 'NOPE', product_identification_helper: { model_numbers: ['NC-20'] } },
      ],
      relationships: [{ category: 'installed_on', product_reference: 'FW', relates_to_product_reference: 'CAM', full_product_name: { name: 'Firmware 9 on Camera', product_id: 'FW-ON-CAM' } }],
    }));
    const report = matchProducts(tree, products, models);
    assert.deepEqual(report.matched.map((m) => [m.csafProductId, m.productId, m.matchedBy]), [
      [products[2]!.id.toUpperCase(), products[2]!.id, 'product_id'],
      ['CAM', products[1]!.id, 'sku'],
      ['BYNAME', products[0]!.id, 'product_name'],
      ['OTHER', products[0]!.id, 'model_number'],
      ['FW-ON-CAM', products[1]!.id, 'sku'],
    ]);
    assert.deepEqual(report.unmatched.map((u) => u.csafProductId), ['FW', 'NOPE'], 'a model number part without a wildcard does not match');
  });

  it('compares names after NFKC, case folding and whitespace collapsing', () => {
    assert.equal(nameKey('ｽﾏｰﾄﾄﾞｱﾍﾞﾙ'), nameKey('スマートドアベル'));
    assert.equal(nameKey(' ＡＢＣ  Camera '), 'abc camera');
  });
});

describe('merging CSAF products that stand for one registered product', () => {
  it('takes the most severe status, the worst score and every remediation (BSI example: five affected versions and one fixed)', () => {
    const d = sample('valid', 'bsi-2022-0001.json');
    const tree = readProductTree(d);
    const report = matchProducts(tree, [{ id: 'P', nameJa: 'x', nameEn: 'CVRF-CSAF-Converter' }], []);
    assert.equal(report.matched.length, 6);
    const merged = mergeFindings(readFindings(d, tree.groups), report.matched);
    assert.equal(merged.length, 1);
    assert.equal(merged[0]!.status, 'known_affected');
    assert.equal(merged[0]!.cvss!.baseScore, 6.1);
    assert.equal(merged[0]!.remediations.length, 1);
    assert.deepEqual(merged[0]!.csafProducts.map((c) => c.status), ['known_affected', 'known_affected', 'known_affected', 'known_affected', 'known_affected', 'fixed']);
  });

  it('keeps a not-affected justification only while the merged status is known_not_affected', () => {
    const d = doc({ full_product_names: [{ name: 'X 1', product_id: 'A' }, { name: 'X 2', product_id: 'B' }] }, [{
      cve: 'CVE-2020-0002',
      product_status: { known_not_affected: ['A'], under_investigation: ['B'] },
      flags: [{ label: 'component_not_present', product_ids: ['A'] }],
    }]);
    const tree = readProductTree(d);
    const matched = [
      { csafProductId: 'A', name: 'X 1', productId: 'P', matchedBy: 'product_name' as const },
      { csafProductId: 'B', name: 'X 2', productId: 'P', matchedBy: 'product_name' as const },
    ];
    const [merged] = mergeFindings(readFindings(d, tree.groups), matched);
    assert.equal(merged!.status, 'under_investigation');
    assert.equal(merged!.justification, null);
    const [alone] = mergeFindings(readFindings(d, tree.groups), matched.slice(0, 1));
    assert.equal(alone!.justification, 'component_not_present');
  });
});
