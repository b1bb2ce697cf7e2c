/**
 * `/psti`: the public list of JC-STAR ★1 products declared for the UK under the Japan–UK
 * arrangement (IPA's "PSTI-declared products list"), in English. Each row links to the product
 * page and to the date check an importer needs at the time of supply.
 */
import type { PublicPstiListing } from '../../../app/recognition/psti-listings.ts';
import type { Messages } from '../i18n/index.ts';
import { DateText, StatusBadge } from './components.tsx';
import { labelPath } from './label-page.tsx';

export function PstiListMain({ t, listings }: { t: Messages; listings: PublicPstiListing[] }) {
  return (
    <>
      <div class="intro">
        <h1 class="page-title">UK PSTI: JC-STAR ★1 products declared for the UK</h1>
        <p class="lede">
          Under the Japan–UK arrangement (UK SI 2025/1267, regulation 4A and Schedule 2A), a product with a current JC-STAR ★1
          label is deemed to meet the three UK PSTI security requirements, and the label stands in for the statement of
          compliance. The label must be current at the time of supply: check the date before you supply.
        </p>
        <p>
          <a href="/recognition?lang=en">How the ★1 requirements map to PSTI</a>
        </p>
      </div>
      <section class="results" aria-labelledby="psti-heading">
        <div class="results__head">
          <h2 id="psti-heading" class="results__heading">
            <span>Declared products</span> <span class="results__total" safe>{`${listings.length}`}</span>
          </h2>
        </div>
        {listings.length === 0 ? (
          <div class="empty">
            <p class="empty__title">No products have been declared for the UK yet.</p>
          </div>
        ) : (
          <ol class="result-list">
            {listings.map((l) => (
              <li class="result">
                <div class="result__head">
                  <h3 class="result__title">
                    <a href={`${labelPath(l.registrationNumber)}?lang=en`} safe>
                      {l.productNameEn}
                    </a>
                  </h3>
                  <StatusBadge status={l.labelStatus} t={t} />
                </div>
                <p class="result__vendor" safe>
                  {l.vendorNameEn}
                </p>
                <dl class="meta">
                  <div class="meta__item">
                    <dt>Registration number</dt>
                    <dd class="mono nowrap" safe>
                      {l.registrationNumber}
                    </dd>
                  </div>
                  <div class="meta__item">
                    <dt>Label expires</dt>
                    <dd>
                      <DateText value={l.labelExpiresAt} lang="en" />
                    </dd>
                  </div>
                  <div class="meta__item">
                    <dt>Declared for the UK</dt>
                    <dd>
                      <DateText value={l.listedAt} lang="en" />
                    </dd>
                  </div>
                  <div class="meta__item">
                    <dt>Counts for PSTI?</dt>
                    <dd>
                      <a href={`${labelPath(l.registrationNumber)}/uk-psti`}>Check at a date</a>
                    </dd>
                  </div>
                </dl>
              </li>
            ))}
          </ol>
        )}
      </section>
    </>
  );
}
