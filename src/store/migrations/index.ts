/** Ordered migrations. Never edit one that has landed; add the next file instead. */
import type { Migration } from 'kysely';
import * as m0001 from './0001-initial.ts';
import * as m0002 from './0002-label-search.ts';
import * as m0003 from './0003-transparency-log.ts';
import * as m0004 from './0004-list-indexes.ts';
import * as m0005 from './0005-label-category.ts';
import * as m0006 from './0006-psti.ts';
import * as m0007 from './0007-login-failures.ts';
import * as m0008 from './0008-security-information.ts';
import * as m0009 from './0009-accounts.ts';
import * as m0010 from './0010-attachments.ts';
import * as m0011 from './0011-evaluation-bodies.ts';
import * as m0012 from './0012-product-indexes.ts';
import * as m0013 from './0013-search-documents.ts';
import * as m0014 from './0014-trigram-counts.ts';
import * as m0015 from './0015-search-tails.ts';

export const MIGRATIONS: Record<string, Migration> = {
  '0001-initial': m0001,
  '0002-label-search': m0002,
  '0003-transparency-log': m0003,
  '0004-list-indexes': m0004,
  '0005-label-category': m0005,
  '0006-psti': m0006,
  '0007-login-failures': m0007,
  '0008-security-information': m0008,
  '0009-accounts': m0009,
  '0010-attachments': m0010,
  '0011-evaluation-bodies': m0011,
  '0012-product-indexes': m0012,
  '0013-search-documents': m0013,
  '0014-trigram-counts': m0014,
  '0015-search-tails': m0015,
};
