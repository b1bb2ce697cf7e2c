/** The list of the vendor's applications and the first step of a new one (product and route). */
import type { ApplicationSummary } from '../../../app/applications/get-applications.ts';
import type { ProductView } from '../../../app/products/product-view.ts';
import type { FieldError } from '../../../domain/errors.ts';
import type { ApplicationStatus } from '../../../domain/application-status.ts';
import { CsrfField } from '../shell.tsx';
import { applicationPath } from './application-steps.ts';
import { AppStatus, date, errorFor, Errors, type PortalPage } from './kit.tsx';

export function ApplicationTable({ page, items, products, caption }: { page: PortalPage; items: ApplicationSummary[]; products: Map<string, ProductView>; caption: string }) {
  const { m, view } = page;
  return (
    <div class="table-scroll">
      <table class="data-table">
        <caption class="visually-hidden" safe>{caption}</caption>
        <thead>
          <tr>
            <th scope="col" safe>{m.applications.colNumber}</th>
            <th scope="col" safe>{m.applications.colProduct}</th>
            <th scope="col" safe>{m.applications.colStatus}</th>
            <th scope="col" safe>{m.applications.colNext}</th>
            <th scope="col" safe>{m.applications.colUpdated}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((a) => (
            <tr>
              <th scope="row"><a class="nowrap" href={applicationPath(a.id)} safe>{a.applicationNumber}</a></th>
              <td>
                <span safe>{products.get(a.productId)?.name[view.lang] ?? ''}</span>{' '}
                <span class="muted" safe>{`${m.level(a.level)} ${m.route[a.route] ?? a.route}`}</span>
              </td>
              <td><AppStatus status={a.status} m={m} /></td>
              <td safe>{m.nextStep[a.status as ApplicationStatus] ?? ''}</td>
              <td class="nowrap" safe>{date(a.updatedAt, view.lang)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function ApplicationsMain({ page, items, products }: { page: PortalPage; items: ApplicationSummary[]; products: Map<string, ProductView> }) {
  const { m } = page;
  return (
    <section class="block">
      <h1 class="page-title" safe>{m.applications.title}</h1>
      <p safe>{m.applications.lede}</p>
      <p><a class="button button--primary" href="/portal/applications/new" safe>{m.applications.add}</a></p>
      {items.length ? <ApplicationTable page={page} items={items} products={products} caption={m.applications.title} /> : <p class="muted" safe>{m.applications.empty}</p>}
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
        <label class="form__field">
          <span safe>{a.product}</span>
          {errorFor(errors, '/productId') ? <span class="form__error" safe>{errorFor(errors, '/productId')}</span> : ''}
          <select name="productId" required>
            {products.map((p) => (
              <option value={p.id} selected={p.id === form.productId} safe>{`${p.name[view.lang]} (${p.modelNumbers.length})`}</option>
            ))}
          </select>
        </label>
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
