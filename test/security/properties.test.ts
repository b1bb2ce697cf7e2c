/**
 * Property tests of the domain's parsers and validators: for any input they return their
 * documented results and throw nothing, and where a value can be formatted and read back, it
 * comes back unchanged. These are the functions that see untrusted text first, before any
 * database. Runs: FUZZ_RUNS (see test/security/fuzz.ts; docs/benchmarks.md lists the long campaign).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { loadCatalog } from '../../src/catalog/load-catalog.ts';
import { checkChecklistAnswers, EVIDENCE_MAX_LENGTH, missingChecklistItems, type ChecklistAnswer } from '../../src/domain/checklist.ts';
import { corporateCheckDigit, corporateNumberProblem, isValidCorporateNumber, normalizeCorporateNumber } from '../../src/domain/corporate-number.ts';
import { checkModelNumbers, MODEL_NUMBER_MAX_LENGTH, modelNumberKey, modelNumberProblem } from '../../src/domain/model-number.ts';
import { canonicalRegistrationNumber, formatRegistrationNumber, luhnCheckDigit, parseRegistrationNumber } from '../../src/domain/registration-number.ts';
import { checkPstiStatement, manufacturerMatches, normaliseCompanyName, PSTI_MANDATORY_FIELDS, type PstiStatement } from '../../src/domain/psti-statement.ts';
import { isValidIsoDate } from '../../src/domain/time.ts';
import { foldForSearch } from '../../src/app/labels/label-search.ts';
import { CATALOG_DIR } from '../helpers/app.ts';
import { anyText, fullWidth, nearValid, params } from './fuzz.ts';

const digits = (min: number, max = min) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: min, maxLength: max });

const validCorporate = digits(12).map((base) => `${corporateCheckDigit(base)}${base}`);

describe('corporate number (法人番号)', () => {
  it('answers every input with one of its documented problems, or none', () => {
    fc.assert(
      fc.property(fc.oneof(anyText(), nearValid(validCorporate)), (input) => {
        const problem = corporateNumberProblem(input);
        assert.ok([undefined, 'must be 13 digits', 'check digit does not match'].includes(problem), String(problem));
        assert.equal(isValidCorporateNumber(input), problem === undefined);
        if (problem === undefined) assert.match(normalizeCorporateNumber(input), /^[1-9]\d{12}$/);
      }),
      params(),
    );
  });

  it('has exactly one check digit per base, and accepts it however the number is typed', () => {
    const separator = fc.constantFrom('', ' ', '-', '‐', '–', '—', '−', 'ー', '\u3000');
    fc.assert(
      fc.property(digits(12), fc.array(separator, { minLength: 13, maxLength: 13 }), fc.boolean(), (base, seps, wide) => {
        const check = corporateCheckDigit(base);
        assert.ok(check >= 1 && check <= 9, `check digit ${check}`);
        const number = `${check}${base}`;
        for (let d = 0; d <= 9; d++) assert.equal(isValidCorporateNumber(`${d}${base}`), d === check, `first digit ${d}`);
        const typed = [...number].map((c, i) => `${c}${seps[i]}`).join('');
        assert.equal(normalizeCorporateNumber(wide ? fullWidth(typed) : typed), number);
        assert.ok(isValidCorporateNumber(wide ? fullWidth(typed) : typed), typed);
      }),
      params(),
    );
  });

  it('catches every single-digit typo in the base except 0 ⇄ 9 (a mod-9 check cannot)', () => {
    fc.assert(
      fc.property(digits(12), fc.nat(11), fc.nat(9), (base, at, digit) => {
        const number = `${corporateCheckDigit(base)}${base}`;
        const typo = `${number.slice(0, at + 1)}${digit}${number.slice(at + 2)}`;
        const was = Number(number[at + 1]);
        const invisible = was === digit || (was === 0 && digit === 9) || (was === 9 && digit === 0);
        assert.equal(isValidCorporateNumber(typo), invisible, `${number} → ${typo}`);
      }),
      params(),
    );
  });
});

describe('registration number', () => {
  const parts = fc.record({ level: fc.integer({ min: 1, max: 4 }), year: fc.integer({ min: 1000, max: 9999 }), serial: fc.oneof(fc.nat(999_999), fc.integer({ min: 1_000_000, max: 2 ** 40 })) });

  it('parses any input to a number in range, or undefined, and never throws', () => {
    fc.assert(
      fc.property(fc.oneof(anyText(), nearValid(parts.map((p) => formatRegistrationNumber(p.level, p.year, p.serial)))), (input) => {
        const parsed = parseRegistrationNumber(input);
        if (parsed === undefined) return;
        assert.ok(parsed.level >= 1 && parsed.level <= 4);
        assert.ok(parsed.year >= 0 && parsed.year <= 9999 && Number.isSafeInteger(parsed.serial));
        // One spelling per number: the canonical input is exactly what format gives back.
        assert.equal(formatRegistrationNumber(parsed.level, parsed.year, parsed.serial), canonicalRegistrationNumber(input));
      }),
      params(),
    );
  });

  it('round-trips format → parse, however the number is typed', () => {
    const dash = fc.constantFrom('-', '‐', '–', '—', '−', 'ー', 'ｰ', '－');
    fc.assert(
      fc.property(parts, dash, fc.boolean(), fc.boolean(), fc.constantFrom('', ' ', '\u3000', '\t'), ({ level, year, serial }, d, lower, wide, pad) => {
        const rn = formatRegistrationNumber(level, year, serial);
        assert.deepEqual(parseRegistrationNumber(rn), { level, year, serial });
        let typed = rn.replaceAll('-', d);
        if (lower) typed = typed.toLowerCase();
        if (wide) typed = fullWidth(typed);
        assert.deepEqual(parseRegistrationNumber(`${pad}${typed}${pad}`), { level, year, serial }, typed);
      }),
      params(),
    );
  });

  it('refuses every single-digit typo (Luhn) and every swap of two different adjacent digits but 0 ⇄ 9', () => {
    fc.assert(
      fc.property(parts, fc.nat(), fc.nat(9), ({ level, year, serial }, pick, digit) => {
        const rn = formatRegistrationNumber(level, year, serial);
        const positions = [...rn].flatMap((c, i) => (/\d/.test(c) ? [i] : []));
        const at = positions[pick % positions.length]!;
        if (rn[at] !== String(digit)) {
          const typo = `${rn.slice(0, at)}${digit}${rn.slice(at + 1)}`;
          assert.equal(parseRegistrationNumber(typo), undefined, `${rn} → ${typo}`);
        }
        const next = at + 1;
        const a = rn[at]!;
        const b = rn[next];
        if (b !== undefined && /\d/.test(b) && a !== b && `${a}${b}` !== '09' && `${a}${b}` !== '90') {
          const swapped = `${rn.slice(0, at)}${b}${a}${rn.slice(next + 1)}`;
          assert.equal(parseRegistrationNumber(swapped), undefined, `${rn} → ${swapped}`);
        }
      }),
      params(),
    );
  });

  it('computes a Luhn digit that makes any digit string valid', () => {
    fc.assert(
      fc.property(digits(0, 40), (payload) => {
        const check = luhnCheckDigit(payload);
        assert.ok(Number.isInteger(check) && check >= 0 && check <= 9);
        const sum = [...`${payload}${check}`].reverse().reduce((s, c, i) => {
          const d = Number(c) * (i % 2 === 1 ? 2 : 1);
          return s + (d > 9 ? d - 9 : d);
        }, 0);
        assert.equal(sum % 10, 0);
      }),
      params(),
    );
  });
});

describe('model numbers (型番)', () => {
  it('accepts only trimmed, visible text of at most 64 characters, and never throws', () => {
    fc.assert(
      fc.property(anyText(100), (value) => {
        const problem = modelNumberProblem(value);
        modelNumberKey(value);
        if (problem !== undefined) return;
        assert.equal(value, value.trim());
        assert.ok(value.trim().length > 0);
        assert.doesNotMatch(value, /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Co}\p{Cn}]/u);
        assert.ok([...value.normalize('NFC')].length <= MODEL_NUMBER_MAX_LENGTH);
      }),
      params(),
    );
  });

  it('gives width and case variants of one model number the same key', () => {
    const ascii = fc.string({ unit: fc.constantFrom(...'ABCXYZabcxyz0189-/_.() #+'), minLength: 1, maxLength: 30 });
    fc.assert(
      fc.property(ascii, (value) => {
        const key = modelNumberKey(value);
        assert.equal(modelNumberKey(fullWidth(value)), key);
        assert.equal(modelNumberKey(value.toLowerCase()), key);
        assert.equal(modelNumberKey(` ${value.replaceAll(' ', '\u3000\u3000')} `), key);
      }),
      params(),
    );
  });

  it('checks a list: errors point into it; a clean list has no duplicate keys', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(anyText(20), fc.constantFrom('AX-1', 'ax-1', 'ＡＸ－１', 'B 2', 'b  2')), { maxLength: 12 }), (values) => {
        const { values: stored, errors } = checkModelNumbers(values, '/modelNumbers');
        assert.equal(stored.length, values.length);
        for (const e of errors) assert.match(e.pointer, /^\/modelNumbers(\/\d+)?$/);
        for (const e of errors) if (e.pointer !== '/modelNumbers') assert.ok(Number(e.pointer.split('/')[2]) < values.length);
        if (errors.length === 0) {
          assert.ok(values.length > 0);
          assert.equal(new Set(values.map(modelNumberKey)).size, values.length);
          for (const v of values) assert.equal(modelNumberProblem(v), undefined);
        } else {
          const badOrRepeated = values.some((v, i) => modelNumberProblem(v) !== undefined || values.slice(0, i).some((w) => modelNumberProblem(w) === undefined && modelNumberKey(w) === modelNumberKey(v)));
          assert.ok(values.length === 0 || badOrRepeated, JSON.stringify(errors));
        }
      }),
      params(),
    );
  });
});

describe('checklist answers', () => {
  const criteria = loadCatalog(CATALOG_DIR).currentCriteria(1)!;
  const requirements = criteria.requirements;
  const items = requirements.flatMap((r) => r.items);
  const blank = (s: string | null | undefined) => !s || s.trim() === '';
  const text = fc.oneof(fc.constant(undefined), fc.constant(null), fc.constantFrom('', '  ', '\n', 'DS-1 §2'), anyText(30), fc.constant('x'.repeat(EVIDENCE_MAX_LENGTH + 1)));
  const answer: fc.Arbitrary<ChecklistAnswer> = fc.record({
    itemId: fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...items.map((i) => i.id)) }, { weight: 1, arbitrary: anyText(12) }),
    answer: fc.constantFrom('conforms', 'not_applicable'),
    evidence: text,
    reason: text,
  });

  it('reports exactly the answers that are wrong, each at its own pointer', () => {
    const known = new Set(items.map((i) => i.id));
    fc.assert(
      fc.property(fc.array(answer, { maxLength: 40 }), (answers) => {
        const errors = checkChecklistAnswers(requirements, answers);
        const at = new Set(errors.map((e) => e.pointer));
        for (const e of errors) assert.match(e.pointer, /^\/answers\/\d+\/(itemId|reason|evidence)$/);
        answers.forEach((a, i) => {
          const unknownOrRepeated = !known.has(a.itemId) || answers.slice(0, i).some((b) => b.itemId === a.itemId);
          assert.equal(at.has(`/answers/${i}/itemId`), unknownOrRepeated, `itemId ${i}`);
          const badReason = (a.answer === 'not_applicable' && blank(a.reason)) || (a.reason?.length ?? 0) > EVIDENCE_MAX_LENGTH;
          const badEvidence = (a.answer === 'conforms' && blank(a.evidence)) || (a.evidence?.length ?? 0) > EVIDENCE_MAX_LENGTH;
          assert.equal(at.has(`/answers/${i}/reason`), badReason, `reason ${i}`);
          assert.equal(at.has(`/answers/${i}/evidence`), badEvidence, `evidence ${i}`);
        });
      }),
      params(),
    );
  });

  it('calls a checklist complete exactly when every item or alternative group is satisfied', () => {
    const choice = fc.constantFrom('omit', 'conforms', 'not_applicable');
    fc.assert(
      fc.property(fc.array(choice, { minLength: items.length, maxLength: items.length }), (choices) => {
        const answers: ChecklistAnswer[] = items.flatMap((item, i) =>
          choices[i] === 'omit' ? [] : [{ itemId: item.id, answer: choices[i] as ChecklistAnswer['answer'], evidence: 'e', reason: 'r' }],
        );
        const given = new Map(answers.map((a) => [a.itemId, a.answer]));
        const expected = new Set<string>();
        for (const r of requirements) {
          const groups = new Map<string, string[]>();
          for (const item of r.items) {
            if (item.alternativeGroup) groups.set(item.alternativeGroup, [...(groups.get(item.alternativeGroup) ?? []), item.id]);
            else if (!given.has(item.id)) expected.add(`/checklist/${item.id}`);
          }
          for (const [group, ids] of groups) {
            const ok = ids.some((id) => given.get(id) === 'conforms') || ids.every((id) => given.get(id) === 'not_applicable');
            if (!ok) expected.add(`/checklist/${group}`);
          }
        }
        assert.deepEqual(new Set(missingChecklistItems(requirements, answers).map((e) => e.pointer)), expected);
      }),
      params(),
    );
  });
});

describe('ISO dates', () => {
  it('accepts exactly the real calendar dates and round-trips them', () => {
    fc.assert(
      fc.property(fc.oneof(anyText(12), digits(4).chain((y) => fc.tuple(digits(2), digits(2)).map(([m, d]) => `${y}-${m}-${d}`))), (value) => {
        const valid = isValidIsoDate(value);
        if (valid) assert.equal(new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10), value);
      }),
      params(),
    );
    fc.assert(
      fc.property(fc.date({ min: new Date('1000-01-01T00:00:00Z'), max: new Date('9999-12-31T00:00:00Z'), noInvalidDate: true }), (d) => {
        assert.ok(isValidIsoDate(d.toISOString().slice(0, 10)));
      }),
      params(),
    );
  });
});

describe('PSTI statement of compliance', () => {
  const VALID = {
    productType: 'Wi-Fi router', batch: null, manufacturerName: 'Example Ltd', manufacturerAddress: '1 High St, London', declaration: true,
    supportPeriodEndsOn: '2030-03-31', signatoryName: 'A. Signer', signatoryFunction: 'Director', placeOfIssue: 'London',
    dateOfIssue: '2026-01-15', documentUrl: 'https://a.example/psti', isProxy: false, proxyNote: null,
  };
  const field = fc.oneof(fc.constant(undefined), fc.constant(null), fc.constantFrom('', ' ', 'Example Ltd', '2030-03-31', '2026-11-25', '2026-02-30', 'https://a.example/psti', 'http://a.example', 'https://'), anyText(30));
  const flag = fc.oneof(fc.constant(undefined), fc.constant(null), fc.boolean());
  // A valid statement with some fields replaced, so complete statements are common, not rare.
  const statement = fc
    .tuple(fc.subarray(Object.keys(VALID) as Array<keyof typeof VALID>, { maxLength: 4 }), fc.array(field, { minLength: 4, maxLength: 4 }), fc.array(flag, { minLength: 4, maxLength: 4 }), anyText(20))
    .map(([keys, fields, flags, proxyNote]) => {
      const s: PstiStatement = { ...VALID };
      keys.forEach((k, i) => Object.assign(s, { [k]: k === 'declaration' || k === 'isProxy' ? flags[i] : fields[i] }));
      if (s.isProxy && s.proxyNote === null) s.proxyNote = proxyNote;
      return s;
    });
  const check = fc.record({
    vendorNames: fc.array(fc.oneof(fc.constantFrom('Example Ltd', '株式会社例', 'Example Co., Ltd.', 'EXAMPLE LIMITED'), anyText(20)), { maxLength: 3 }),
    today: fc.constantFrom('2026-11-25', '2030-03-31'),
    requireComplete: fc.boolean(),
  });

  it('never throws, points every error into the statement, and a draft is held to less than a submission', () => {
    fc.assert(
      fc.property(fc.option(statement, { nil: undefined }), check, (s, c) => {
        const errors = checkPstiStatement(s, c);
        for (const e of errors) assert.match(e.pointer, /^\/pstiStatement(\/[a-zA-Z]+)?$/);
        const draft = checkPstiStatement(s, { ...c, requireComplete: false }).map((e) => JSON.stringify(e));
        const full = new Set(checkPstiStatement(s, { ...c, requireComplete: true }).map((e) => JSON.stringify(e)));
        for (const e of draft) assert.ok(full.has(e), `draft error missing on submission: ${e}`);
      }),
      params(),
    );
  });

  it('passes a complete submission only when every mandatory fact is there and plausible', () => {
    let passed = 0;
    fc.assert(
      fc.property(statement, check, (s, c) => {
        if (checkPstiStatement(s, { ...c, requireComplete: true }).length > 0) return;
        passed++;
        const present = (v: unknown) => v !== undefined && v !== null && !(typeof v === 'string' && v.trim() === '');
        for (const f of PSTI_MANDATORY_FIELDS) assert.ok(present(s[f]), f);
        assert.equal(s.declaration, true);
        assert.ok(isValidIsoDate(s.supportPeriodEndsOn!) && s.supportPeriodEndsOn! >= c.today);
        assert.ok(isValidIsoDate(s.dateOfIssue!) && s.dateOfIssue! <= c.today);
        assert.equal(new URL(s.documentUrl!).protocol, 'https:');
        assert.ok(s.isProxy ? present(s.proxyNote) : manufacturerMatches(s.manufacturerName!, c.vendorNames));
      }),
      params(),
    );
    assert.ok(passed > 0, 'some generated statements were complete');
  });

  it('matches a company under its legal-form spellings, and matching is symmetric', () => {
    const name = fc.string({ unit: fc.constantFrom(...'ACMEacme テスト電機'), minLength: 1, maxLength: 12 }).filter((n) => n.trim() !== '');
    const form = fc.constantFrom(' Co., Ltd.', ' Ltd', ' Limited', ' K.K.', ' Inc.', '株式会社', '(株)', '');
    fc.assert(
      fc.property(name, form, fc.boolean(), anyText(20), anyText(20), (n, f, prefix, a, b) => {
        const spelled = prefix && (f === '株式会社' || f === '(株)') ? `${f}${n}` : `${n}${f}`;
        if (normaliseCompanyName(n) !== '') assert.ok(manufacturerMatches(spelled, [n]), `${spelled} vs ${n}`);
        assert.equal(manufacturerMatches(a, [b]), manufacturerMatches(b, [a]));
        assert.equal(manufacturerMatches(a, []), false);
      }),
      params(),
    );
  });
});

describe('search folding', () => {
  it('never throws, is idempotent, and folds width, case and spacing variants alike', () => {
    fc.assert(
      fc.property(anyText(60), (q) => {
        const folded = foldForSearch(q);
        assert.equal(foldForSearch(folded), folded);
        assert.equal(folded, folded.trim());
        assert.doesNotMatch(folded, /\s\s/);
      }),
      params(),
    );
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'ABCxyz019-/ '), maxLength: 30 }), (q) => {
        assert.equal(foldForSearch(fullWidth(q)), foldForSearch(q.toLowerCase()));
      }),
      params(),
    );
  });
});
