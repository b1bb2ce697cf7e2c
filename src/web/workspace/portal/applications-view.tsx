/** The list of the vendor's applications and the first step of a new one (product and route). */
import type { ApplicationSummary } from '../../../app/applications/get-applications.ts';
import type { ProductView } from '../../../app/products/product-view.ts';
import type { FieldError } from '../../../domain/errors.ts';
import type { ApplicationStatus } from '../../../domain/application-status.ts';
import { CsrfField } from '../shell.tsx';
import { applicationPath } from './application-steps.ts';
import { AppStatus, date, errorFor, Errors, SelectField, type PortalPage } from './kit.tsx';

/** Applications as a stacked list (one entry per application; fits a phone). */
export function ApplicationList({ page, items, products, caption }: { page: PortalPage; items: ApplicationSummary[]; products: Map<string, ProductView>; caption: string }) {
  const { m, view } = page;
  return (
    <ul class="entries" aria-label={caption}>
      {items.map((a) => (
        <li class="entry">
          <p class="entry__title">
            <a class="nowrap" href={applicationPath(a.id)} safe>{a.applicationNumber}</a> <AppStatus status={a.status} m={m} />
          </p>
          <p class="entry__meta">
            <span safe>{products.get(a.productId)?.name[view.lang] ?? ''}</span>{' '}
            <span class="muted" safe>{`${m.level(a.level)} ${m.route[a.route] ?? a.route} · ${m.applications.colUpdated} ${date(a.updatedAt, view.lang)}`}</span>
          </p>
          <p class="entry__meta"><span class="muted" safe>{`${m.applications.colNext}: `}</span><span safe>{m.nextStep[a.status as ApplicationStatus] ?? ''}</span></p>
        </li>
      ))}
    </ul>
  );
}

export function ApplicationsMain({ page, items, products }: { page: PortalPage; items: ApplicationSummary[]; products: Map<string, ProductView> }) {
  const { m } = page;
  return (
    <section class="block">
      <h1 class="page-title" safe>{m.applications.title}</h1>
      <p safe>{m.applications.lede}</p>
      <p><a class="button button--primary" href="/portal/applications/new" safe>{m.applications.add}</a></p>
      {items.length ? <ApplicationList page={page} items={items} products={products} caption={m.applications.title} /> : <p class="muted" safe>{m.applications.empty}</p>}
    </section>
  );
}

export function NewApplicationMain({ page, products, form, errors }: {
  page: PortalPage;
  products: ProductView[];
  form: { productId: string; route: string };
  errors: FieldError[];
}) {
  const { m, view } = page;
  const a = m.applications;
  if (!products.length) {
    return (
      <section class="block">
        <h1 class="page-title" safe>{a.newTitle}</h1>
        <p safe>{a.noProducts}</p>
        <p><a class="button button--primary" href="/portal/products/new" safe>{m.products.add}</a></p>
      </section>
    );
  }
  const routeError = errorFor(errors, '/route') ?? errorFor(errors, '/pstiStatement');
  return (
    <section class="block">
      <h1 class="page-title" safe>{a.newTitle}</h1>
      <p safe>{a.newLede}</p>
      <Errors errors={errors} page={page} />
      <form class="form" method="post" action="/portal/applications">
        <CsrfField token={view.csrf} />
        <SelectField name="productId" label={a.product} error={errorFor(errors, '/productId')} required>
          {products.map((p) => (
            <option value={p.id} selected={p.id === form.productId} safe>{`${p.name[view.lang]} (${p.modelNumbers.length})`}</option>
          ))}
        </SelectField>
        <fieldset class="form__group">
          <legend safe>{a.routeLegend}</legend>
          {routeError ? <span class="form__error" safe>{routeError}</span> : ''}
          <label class="choice">
            <input type="radio" name="route" value="standard" checked={form.route !== 'psti'} />
            <span><strong safe>{a.routeStandard}</strong> <span class="form__hint block-text" safe>{a.routeStandardHint}</span></span>
          </label>
          <label class="choice">
            <input type="radio" name="route" value="psti" checked={form.route === 'psti'} />
            <span><strong safe>{a.routePsti}</strong> <span class="form__hint block-text" safe>{a.routePstiHint}</span></span>
          </label>
        </fieldset>
        <p><button class="button button--primary" type="submit" safe>{a.create}</button></p>
      </form>
    </section>
  );
}
