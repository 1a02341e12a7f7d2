import type { Response } from 'express';
import { renderDocument } from './document';
import type { Role } from './page.types';

interface StatusPage {
  title: string;
  lead: string;
}

const PAGES: Record<number, StatusPage> = {
  400: { title: 'The request could not be read', lead: 'Go back, check the form and try again.' },
  403: {
    title: 'You cannot open this page',
    lead: 'Your account does not give access to this page, or the form had expired. Go back, reload the page and try again.',
  },
  404: {
    title: 'Page not found',
    lead: 'The page or licence does not exist, or it belongs to another company.',
  },
  413: { title: 'The upload is too large', lead: 'Files may be at most 10 MB each, and 5 at a time.' },
  503: {
    title: 'Not available right now',
    lead: 'A part of the platform this page needs is not available. Try again in a few minutes.',
  },
  500: {
    title: 'Something went wrong',
    lead: 'The page could not be shown. Try again; if it happens again, contact the service desk.',
  },
};

/** A page for a status (403, 404, 500…), in the layout, with the person still shown as signed in. */
export function sendStatusPage(
  res: Response,
  status: number,
  options: { user?: { name: string; role: Role } | null; title?: string; lead?: string } = {},
): void {
  const page = PAGES[status] ?? PAGES[500]!;
  const title = options.title ?? page.title;
  res
    .status(status)
    .type('html')
    .setHeader('Cache-Control', 'no-store')
    .send(
      renderDocument({
        title,
        user: options.user ?? null,
        children: (
          <div class="ecl-container">
            <h1 class="ecl-u-type-heading-1">{title}</h1>
            <p class="ecl-u-type-paragraph-l">{options.lead ?? page.lead}</p>
            <p class="ecl-u-type-paragraph">
              <a class="ecl-link ecl-link--standalone" href="/">
                Go to the home page
              </a>
            </p>
          </div>
        ),
      }),
    );
}
