import assert from 'node:assert/strict';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { loadCatalog } from '../../src/catalog/load-catalog.ts';
import {
  checkChecklistAnswers,
  EVIDENCE_MAX_LENGTH,
  missingChecklistItems,
  type ChecklistAnswer,
  type ChecklistRequirement,
} from '../../src/domain/checklist.ts';

let requirements: readonly ChecklistRequirement[];
let allItemIds: string[];

before(() => {
  const criteria = loadCatalog(path.resolve(import.meta.dirname, '../../catalog')).criteria.get('JST-CR-01-01-2024R1');
  assert.ok(criteria, 'the ★1 criteria document is in the catalogue');
  requirements = criteria.requirements;
  allItemIds = requirements.flatMap((r) => r.items.map((i) => i.id));
});

const conforms = (itemId: string): ChecklistAnswer => ({ itemId, answer: 'conforms', evidence: `Manual §${itemId}` });
const notApplicable = (itemId: string): ChecklistAnswer => ({ itemId, answer: 'not_applicable', reason: 'The product has no such interface.' });

/** Every item of the ★1 checklist answered "conforms", except those named in `except`. */
const allConforming = (...except: string[]) => allItemIds.filter((id) => !except.includes(id)).map(conforms);

describe('checkChecklistAnswers', () => {
  it('accepts a full set of valid answers', () => {
    assert.deepEqual(checkChecklistAnswers(requirements, allConforming()), []);
  });

  it('accepts an incomplete draft as long as each answer is valid', () => {
    assert.deepEqual(checkChecklistAnswers(requirements, [conforms('S1.1-01-01'), notApplicable('S1.1-02-02')]), []);
    assert.deepEqual(checkChecklistAnswers(requirements, []), []);
  });

  it('rejects an unknown assessment item', () => {
    const errors = checkChecklistAnswers(requirements, [conforms('S1.1-01-01'), conforms('S1.1-99-01')]);
    assert.equal(errors.length, 1);
    assert.equal(errors[0]!.pointer, '/answers/1/itemId');
    assert.match(errors[0]!.detail, /unknown assessment item "S1\.1-99-01"/);
  });

  it('does not accept a requirement id in place of an assessment item id', () => {
    const errors = checkChecklistAnswers(requirements, [conforms('S1.1-01')]);
    assert.deepEqual(errors.map((e) => e.pointer), ['/answers/0/itemId']);
  });

  it('rejects an item answered twice, pointing at the second answer', () => {
    const errors = checkChecklistAnswers(requirements, [conforms('S1.1-03-01'), conforms('S1.1-04-01'), notApplicable('S1.1-03-01')]);
    assert.equal(errors.length, 1);
    assert.equal(errors[0]!.pointer, '/answers/2/itemId');
    assert.match(errors[0]!.detail, /S1\.1-03-01 is answered twice/);
  });

  it('requires a reason for "not applicable"', () => {
    for (const reason of [undefined, null, '']) {
      const errors = checkChecklistAnswers(requirements, [{ itemId: 'S1.1-02-01', answer: 'not_applicable', reason }]);
      assert.deepEqual(errors.map((e) => e.pointer), ['/answers/0/reason'], String(reason));
      assert.match(errors[0]!.detail, /needs a reason/);
    }
  });

  it('rejects a whitespace-only reason', () => {
    for (const reason of ['   ', '\n\t', '\u3000']) {
      const errors = checkChecklistAnswers(requirements, [{ itemId: 'S1.1-02-01', answer: 'not_applicable', reason }]);
      assert.deepEqual(errors.map((e) => e.pointer), ['/answers/0/reason'], JSON.stringify(reason));
    }
  });

  it('requires evidence for "conforms"', () => {
    for (const evidence of [undefined, null, '', '  ', '\u3000']) {
      const errors = checkChecklistAnswers(requirements, [{ itemId: 'S1.1-01-01', answer: 'conforms', evidence }]);
      assert.deepEqual(errors.map((e) => e.pointer), ['/answers/0/evidence'], JSON.stringify(evidence));
      assert.match(errors[0]!.detail, /needs evidence/);
    }
  });

  it('accepts evidence and reasons of exactly the maximum length', () => {
    assert.equal(EVIDENCE_MAX_LENGTH, 4000);
    const answers: ChecklistAnswer[] = [
      { itemId: 'S1.1-01-01', answer: 'conforms', evidence: 'e'.repeat(4000) },
      { itemId: 'S1.1-01-02', answer: 'not_applicable', reason: 'r'.repeat(4000) },
    ];
    assert.deepEqual(checkChecklistAnswers(requirements, answers), []);
  });

  it('rejects overlong evidence and reasons', () => {
    const answers: ChecklistAnswer[] = [
      { itemId: 'S1.1-01-01', answer: 'conforms', evidence: 'e'.repeat(4001) },
      { itemId: 'S1.1-01-02', answer: 'not_applicable', reason: 'r'.repeat(4001) },
    ];
    const errors = checkChecklistAnswers(requirements, answers);
    assert.deepEqual(errors.map((e) => e.pointer), ['/answers/0/evidence', '/answers/1/reason']);
    for (const e of errors) assert.match(e.detail, /at most 4000 characters/);
  });

  it('reports every problem at once, under the base pointer it is given', () => {
    const answers: ChecklistAnswer[] = [
      { itemId: 'nope', answer: 'conforms', evidence: 'x' },
      { itemId: 'S1.1-05-01', answer: 'conforms', evidence: ' ' },
      { itemId: 'S1.1-05-02', answer: 'not_applicable', reason: '' },
      { itemId: 'S1.1-05-01', answer: 'conforms', evidence: 'policy URL' },
    ];
    const errors = checkChecklistAnswers(requirements, answers, '/checklist');
    assert.deepEqual(errors.map((e) => e.pointer), ['/checklist/0/itemId', '/checklist/1/evidence', '/checklist/2/reason', '/checklist/3/itemId']);
  });
});

describe('missingChecklistItems', () => {
  it('names every required item and every alternative group when nothing is answered', () => {
    const pointers = missingChecklistItems(requirements, []).map((e) => e.pointer);
    assert.deepEqual(pointers.sort(), [
      '/checklist/S1.1-01-01', '/checklist/S1.1-01-02',
      '/checklist/S1.1-02-A',
      '/checklist/S1.1-03-01', '/checklist/S1.1-03-02',
      '/checklist/S1.1-04-01', '/checklist/S1.1-04-02',
      '/checklist/S1.1-05-01', '/checklist/S1.1-05-02', '/checklist/S1.1-05-03',
      '/checklist/S1.1-06-A',
      '/checklist/S1.1-07-01', '/checklist/S1.1-07-02',
      '/checklist/S1.1-08-A',
      '/checklist/S1.1-09-01',
      '/checklist/S1.1-10-A',
      '/checklist/S1.1-11-01',
      '/checklist/S1.1-12-01', '/checklist/S1.1-12-02',
      '/checklist/S1.1-13-01',
      '/checklist/S1.1-14-01',
      '/checklist/S1.1-15-01',
      '/checklist/S1.1-16-01', '/checklist/S1.1-16-02',
    ]);
  });

  it('is complete when every item conforms', () => {
    assert.deepEqual(missingChecklistItems(requirements, allConforming()), []);
  });

  it('names a single missing required item with its requirement', () => {
    const errors = missingChecklistItems(requirements, allConforming('S1.1-05-03'));
    assert.equal(errors.length, 1);
    assert.equal(errors[0]!.pointer, '/checklist/S1.1-05-03');
    assert.match(errors[0]!.detail, /\(S1\.1-05\)/);
  });

  it('counts a "not applicable" answer to an item outside any group as answered', () => {
    const answers = [...allConforming('S1.1-04-01'), notApplicable('S1.1-04-01')];
    assert.deepEqual(missingChecklistItems(requirements, answers), []);
  });

  it('is satisfied by one conforming item of an alternative group', () => {
    assert.deepEqual(missingChecklistItems(requirements, allConforming('S1.1-02-02')), []);
    assert.deepEqual(missingChecklistItems(requirements, allConforming('S1.1-02-01')), []);
  });

  it('is satisfied by one conforming item when the other item of the group is not applicable', () => {
    const answers = [...allConforming('S1.1-06-02'), notApplicable('S1.1-06-02')];
    assert.deepEqual(missingChecklistItems(requirements, answers), []);
  });

  it('is complete when every item of a group is not applicable', () => {
    const answers = [...allConforming('S1.1-10-01', 'S1.1-10-02'), notApplicable('S1.1-10-01'), notApplicable('S1.1-10-02')];
    assert.deepEqual(missingChecklistItems(requirements, answers), []);
  });

  it('names the group when one item is not applicable and the other is unanswered', () => {
    const answers = [...allConforming('S1.1-08-01', 'S1.1-08-02'), notApplicable('S1.1-08-01')];
    const errors = missingChecklistItems(requirements, answers);
    assert.equal(errors.length, 1);
    assert.equal(errors[0]!.pointer, '/checklist/S1.1-08-A');
    assert.match(errors[0]!.detail, /S1\.1-08-01/);
    assert.match(errors[0]!.detail, /S1\.1-08-02/);
  });

  it('names the group when none of its items is answered', () => {
    const errors = missingChecklistItems(requirements, allConforming('S1.1-02-01', 'S1.1-02-02'));
    assert.deepEqual(errors.map((e) => e.pointer), ['/checklist/S1.1-02-A']);
  });

  it('requires the placeholder items of requirements whose official text is pending', () => {
    const errors = missingChecklistItems(requirements, allConforming('S1.1-13-01'));
    assert.deepEqual(errors.map((e) => e.pointer), ['/checklist/S1.1-13-01']);
  });
});
