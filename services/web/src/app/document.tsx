import type { ComponentChildren } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { Layout } from '../components/layout';
import type { Notice, Role } from './page.types';

export interface DocumentModel {
  title: string;
  user: { name: string; role: Role } | null;
  csrfToken?: string;
  active?: string;
  notices?: Notice[];
  children: ComponentChildren;
}

/** The whole HTML document: the one layout around a page's content, escaped by Preact. */
export function renderDocument(model: DocumentModel): string {
  return `<!DOCTYPE html>${renderToString(
    <Layout
      title={model.title}
      user={model.user}
      csrfToken={model.csrfToken}
      active={model.active}
      notices={model.notices}
    >
      {model.children}
    </Layout>,
  )}`;
}
