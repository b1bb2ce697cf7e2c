/** The vendor's products: the list and the create/edit form (the fields of ProductInputSchema). */
import type { ProductView } from '../../../app/products/product-view.ts';
import type { FieldError } from '../../../domain/errors.ts';
import type { Lang } from '../../pages/i18n/index.ts';
import { CsrfField } from '../shell.tsx';
import { date, Done, errorFor, Errors, SelectField, TextArea, TextField, type PortalPage } from './kit.tsx';

/** The form's values, as typed. */
export interface ProductForm {
  nameJa: string;
  nameEn: string;
  category: string;
  descriptionJa: string;
  descriptionEn: string;
  productUrl: string;
  softwareVersions: string;
  supportEndsOn: string;
  vulnerabilityContact: string;
  disclosurePolicyUrl: string;
  modelNumbers: string;
}

export function productForm(p: ProductView | null): ProductForm {
  return {
    nameJa: p?.name.ja ?? '',
    nameEn: p?.name.en ?? '',
    category: p?.category ?? '',
    descriptionJa: p?.description.ja ?? '',
    descriptionEn: p?.description.en ?? '',
    productUrl: p?.productUrl ?? '',
    softwareVersions: p?.softwareVersions.join('\n') ?? '',
    supportEndsOn: p?.supportEndsOn ?? '',
    vulnerabilityContact: p?.vulnerabilityContact ?? '',
    disclosurePolicyUrl: p?.disclosurePolicyUrl ?? '',
    modelNumbers: p?.modelNumbers.join('\n') ?? '',
  };
}

type Category = { id: string; name: Record<Lang, string> };

export function ProductsMain({ page, products, categories }: { page: PortalPage; products: ProductView[]; categories: Category[] }) {
  const { m, view } = page;
  const t = m.products;
  const categoryName = (id: string) => categories.find((c) => c.id === id)?.name[view.lang] ?? id;
  return (
    <section class="block">
      <h1 class="page-title" safe>{t.title}</h1>
      <p safe>{t.lede}</p>
      <p><a class="button button--primary" href="/portal/products/new" safe>{t.add}</a></p>
      {products.length ? (
        <ul class="entries" aria-label={t.title}>
          {products.map((p) => (
            <li class="entry">
              <p class="entry__title"><a href={`/portal/products/${encodeURIComponent(p.id)}`} safe>{p.name[view.lang]}</a></p>
              <p class="entry__meta muted" safe>{`${categoryName(p.category)} · ${t.colModels} ${m.num(p.modelNumbers.length)} · ${t.colSupport} ${p.supportEndsOn ? date(p.supportEndsOn, view.lang) : m.notSet}`}</p>
            </li>
          ))}
        </ul>
      ) : <p class="muted" safe>{t.empty}</p>}
    </section>
  );
}

export function ProductFormMain({ page, title, action, form, categories, errors, done }: {
  page: PortalPage;
  title: string;
  action: string;
  form: ProductForm;
  categories: Category[];
  errors: FieldError[];
  done?: string | undefined;
}) {
  const { m, view } = page;
  const t = m.products;
  const err = (name: string) => errorFor(errors, `/${name}`);
  return (
    <section class="block">
      <h1 class="page-title" safe>{title}</h1>
      <Done text={done} />
      <Errors errors={errors} page={page} />
      <form class="form" method="post" action={action}>
        <CsrfField token={view.csrf} />
        <TextField name="nameJa" label={t.nameJa} value={form.nameJa} error={err('nameJa')} required maxlength={200} />
        <TextField name="nameEn" label={t.nameEn} value={form.nameEn} error={err('nameEn')} required maxlength={200} />
        <SelectField name="category" label={t.category} error={err('category')} required>
          {categories.map((c) => <option value={c.id} selected={c.id === form.category} safe>{c.name[view.lang]}</option>)}
        </SelectField>
        <TextArea name="descriptionJa" label={`${t.descriptionJa}${m.optional}`} value={form.descriptionJa} error={err('descriptionJa')} maxlength={4000} rows={3} />
        <TextArea name="descriptionEn" label={`${t.descriptionEn}${m.optional}`} value={form.descriptionEn} error={err('descriptionEn')} maxlength={4000} rows={3} />
        <TextField name="productUrl" type="url" label={`${t.productUrl}${m.optional}`} value={form.productUrl} error={err('productUrl')} maxlength={2000} />
        <TextArea name="softwareVersions" label={`${t.softwareVersions}${m.optional}`} value={form.softwareVersions} error={err('softwareVersions')} rows={2} />
        <TextField name="supportEndsOn" type="date" label={t.supportEndsOn} hint={t.supportHint} value={form.supportEndsOn} error={err('supportEndsOn')} />
        <TextField name="vulnerabilityContact" label={t.vulnerabilityContact} value={form.vulnerabilityContact} error={err('vulnerabilityContact')} maxlength={500} />
        <TextField name="disclosurePolicyUrl" type="url" label={`${t.disclosurePolicyUrl}${m.optional}`} value={form.disclosurePolicyUrl} error={err('disclosurePolicyUrl')} maxlength={2000} />
        <TextArea name="modelNumbers" label={t.modelNumbers} hint={t.modelNumbersHint} value={form.modelNumbers} error={err('modelNumbers')} rows={6} required />
        <p class="form__actions">
          <button class="button button--primary" type="submit" safe>{m.save}</button>{' '}
          <a class="button" href="/portal/products" safe>{m.cancel}</a>
        </p>
      </form>
    </section>
  );
}
