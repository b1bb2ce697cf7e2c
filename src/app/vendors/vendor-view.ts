import type { VendorRow } from '../../store/schema.ts';

export interface VendorView {
  id: string;
  name: { ja: string; en: string };
  address: string;
  country: string;
  corporateNumber: string | null;
  legalEntityProof: string | null;
  website: string | null;
  createdAt: string;
}

export function toVendorView(row: VendorRow): VendorView {
  return {
    id: row.id,
    name: { ja: row.name_ja, en: row.name_en },
    address: row.address,
    country: row.country,
    corporateNumber: row.corporate_number,
    legalEntityProof: row.legal_entity_proof,
    website: row.website,
    createdAt: row.created_at,
  };
}
