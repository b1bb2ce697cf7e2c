/** The vendor's home: counts, open applications with their next step, labels soon to expire. */
import type { VendorLabel } from '../../../app/applications/label-renewals.ts';
import type { ApplicationSummary } from '../../../app/applications/get-applications.ts';
import type { ProductView } from '../../../app/products/product-view.ts';
import { ApplicationList } from './applications-view.tsx';
import { date, LabelStatusTag, type PortalPage } from './kit.tsx';
import { portalLabelPath, RenewalCell } from './renewal-cell.tsx';

export interface HomeData {
  vendorName: string;
  products: ProductView[];
  open: ApplicationSummary[];
  validLabels: number;
  expiring: VendorLabel[];
}

export function HomeMain({ page, data }: { page: PortalPage; data: HomeData }) {
  const { m, view } = page;
  const t = m.home;
  const products = new Map(data.products.map((p) => [p.id, p]));
  const counts: Array<[string, number, string]> = [
    [t.products, data.products.length, '/portal/products'],
    [t.openApplications, data.open.length, '/portal/applications'],
    [t.validLabels, data.validLabels, '/portal/labels'],
    [t.expiring, data.expiring.length, '/portal/labels'],
  ];
  return (
    <>
      <section class="block">
        <h1 class="page-title" safe>{t.title}</h1>
        <p safe>{t.lede(data.vendorName)}</p>
        <h2 class="visually-hidden" safe>{t.counts}</h2>
        <dl class="stat-cards">
          {counts.map(([term, value, href]) => (
            <div class="stat-card">
              <dt class="stat-card__term" safe>{term}</dt>
              <dd class="stat-card__value"><a href={href} safe>{m.num(value)}</a></dd>
            </div>
          ))}
        </dl>
        <p class="page-links">
          <a class="button button--primary" href="/portal/applications/new" safe>{t.newApplication}</a>
          <a class="button" href="/portal/products/new" safe>{t.newProduct}</a>
        </p>
      </section>
      <section class="block">
        <h2 class="block__heading" safe>{t.applicationsHeading}</h2>
        {data.open.length ? <ApplicationList page={page} items={data.open} products={products} caption={t.applicationsHeading} /> : <p class="muted" safe>{t.noOpen}</p>}
      </section>
      <section class="block">
        <h2 class="block__heading" safe>{t.expiringHeading}</h2>
        {data.expiring.length ? (
          <ul class="entries" aria-label={t.expiringHeading}>
            {data.expiring.map((l) => (
              <li class="entry">
                <p class="entry__title"><a class="nowrap" href={portalLabelPath(l.registrationNumber)} safe>{l.registrationNumber}</a> <LabelStatusTag status={l.status} m={m} /></p>
                <p class="entry__meta"><span safe>{l.productName[view.lang]}</span> <span class="muted" safe>{`${m.labels.colExpires} ${date(l.expiresAt, view.lang)}`}</span></p>
                <RenewalCell page={page} label={l} />
              </li>
            ))}
          </ul>
        ) : <p class="muted" safe>{t.noExpiring}</p>}
      </section>
    </>
  );
}
