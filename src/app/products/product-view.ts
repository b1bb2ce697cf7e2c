import type { ProductRow } from '../../store/schema.ts';

export interface ProductView {
  id: string;
  vendorId: string;
  name: { ja: string; en: string };
  category: string;
  description: { ja: string | null; en: string | null };
  productUrl: string | null;
  softwareVersions: string[];
  supportEndsOn: string | null;
  vulnerabilityContact: string | null;
  disclosurePolicyUrl: string | null;
  modelNumbers: string[];
  createdAt: string;
  updatedAt: string;
}

export function toProductView(row: ProductRow, modelNumbers: string[]): ProductView {
  return {
    id: row.id,
    vendorId: row.vendor_id,
    name: { ja: row.name_ja, en: row.name_en },
    category: row.category,
    description: { ja: row.description_ja, en: row.description_en },
    productUrl: row.product_url,
    softwareVersions: JSON.parse(row.software_versions) as string[],
    supportEndsOn: row.support_ends_on,
    vulnerabilityContact: row.vulnerability_contact,
    disclosurePolicyUrl: row.disclosure_policy_url,
    modelNumbers,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
