/** Validation of product fields shared by create and update. */
import type { Catalog } from '../../catalog/load-catalog.ts';
import type { FieldError } from '../../domain/errors.ts';
import { checkModelNumbers } from '../../domain/model-number.ts';
import { isValidIsoDate } from '../../domain/time.ts';

export interface ProductFields {
  nameJa: string;
  nameEn: string;
  category: string;
  descriptionJa?: string | null;
  descriptionEn?: string | null;
  productUrl?: string | null;
  softwareVersions?: string[];
  /** Last day (JST) the vendor provides security updates. */
  supportEndsOn?: string | null;
  /** Where to report vulnerabilities: an https URL or an e-mail address. */
  vulnerabilityContact?: string | null;
  disclosurePolicyUrl?: string | null;
  modelNumbers: string[];
}

export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

export function checkProductFields(catalog: Catalog, input: Partial<ProductFields>, errors: FieldError[]): void {
  for (const field of ['nameJa', 'nameEn'] as const) {
    const value = input[field];
    if (value !== undefined && (value.trim().length === 0 || value.length > 200)) {
      errors.push({ pointer: `/${field}`, detail: 'must be 1 to 200 characters' });
    }
  }
  if (input.category !== undefined && !catalog.jcStar.categories.some((c) => c.id === input.category)) {
    errors.push({ pointer: '/category', detail: `must be one of ${catalog.jcStar.categories.map((c) => c.id).join(', ')}` });
  }
  for (const field of ['productUrl', 'disclosurePolicyUrl'] as const) {
    const value = input[field];
    if (value && !isHttpUrl(value)) errors.push({ pointer: `/${field}`, detail: 'must be an http(s) URL' });
  }
  const contact = input.vulnerabilityContact;
  if (contact && !isHttpUrl(contact) && !/^(mailto:)?[^\s@]+@[^\s@]+\.[^\s@]+$/.test(contact)) {
    errors.push({ pointer: '/vulnerabilityContact', detail: 'must be an https URL or an e-mail address' });
  }
  if (input.supportEndsOn && !isValidIsoDate(input.supportEndsOn)) {
    errors.push({ pointer: '/supportEndsOn', detail: 'must be a date (YYYY-MM-DD)' });
  }
  input.softwareVersions?.forEach((v, i) => {
    if (!v.trim() || v.length > 100) errors.push({ pointer: `/softwareVersions/${i}`, detail: 'must be 1 to 100 characters' });
  });
  if (input.modelNumbers !== undefined) errors.push(...checkModelNumbers(input.modelNumbers, '/modelNumbers').errors);
}
