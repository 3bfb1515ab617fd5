/** Error pages: a translated title and what to do next; a UserError's one-line reason when there is one. */
import { Layout } from './layout.js';
import type { PageInfo } from './page.js';

export type ErrorKind = 'not_found' | 'csrf' | 'bad_input' | 'unauthenticated' | 'forbidden' | 'conflict' | 'rate_limited' | 'server';

export function ErrorPage(props: { page: PageInfo; kind: ErrorKind; detail?: string | null }) {
  const { page, kind, detail } = props;
  const [title, body] = texts(page, kind);
  return (
    <Layout page={page} title={title}>
      <h1>{title}</h1>
      <p>{body}</p>
      {detail ? <p class="error">{detail}</p> : null}
      <p>
        <a href="/">{page.t('error.home')}</a>
      </p>
    </Layout>
  );
}

function texts(page: PageInfo, kind: ErrorKind): [string, string] {
  const { t } = page;
  switch (kind) {
    case 'not_found':
      return [t('error.notFound.title'), t('error.notFound.body')];
    case 'csrf':
      return [t('error.csrf.title'), t('error.csrf.body')];
    case 'bad_input':
      return [t('error.badInput.title'), t('error.badInput.body')];
    case 'unauthenticated':
      return [t('error.unauthenticated.title'), t('error.unauthenticated.body')];
    case 'forbidden':
      return [t('error.forbidden.title'), t('error.forbidden.body')];
    case 'conflict':
      return [t('error.conflict.title'), t('error.conflict.body')];
    case 'rate_limited':
      return [t('error.rateLimited.title'), t('error.rateLimited.body')];
    case 'server':
      return [t('error.server.title'), t('error.server.body')];
  }
}
