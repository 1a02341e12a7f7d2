import { Layout, COMMISSION_NAV, OPERATOR_NAV } from '../../src/components';
import { html, tagsWithClass } from './render';

describe('Layout', () => {
  const commission = { name: 'Anna Kowalska', role: 'commission' as const };

  it('renders an English document with the ECL styles, the Commission logo and the platform name', () => {
    const page = html(
      <Layout title="Dashboard" user={null}>
        content
      </Layout>,
    );
    expect(page).toMatch(/^<html lang="en">/);
    expect(page).toContain('<link rel="stylesheet" href="/static/ecl/styles/ecl-ec.css"/>');
    expect(page).toContain('<title>Dashboard - Licence Monitoring Platform</title>');
    expect(page).toContain('src="/static/ecl/images/logo/logo-ec--mute.svg"');
    expect(page).toContain('/static/ecl/images/logo/positive/logo-ec--en.svg');
    expect(tagsWithClass(page, 'ecl-site-header__site-name')).toHaveLength(1);
    expect(page).toContain('Licence Monitoring Platform</div>');
    expect(tagsWithClass(page, 'ecl-site-footer')).toHaveLength(1);
  });

  it('starts with a skip link to the main content', () => {
    const page = html(
      <Layout title="Dashboard" user={null}>
        content
      </Layout>,
    );
    expect(page.indexOf('class="ecl-skip-link')).toBeLessThan(page.indexOf('<header'));
    expect(page).toContain('href="#main-content"');
    expect(page).toMatch(/<main id="main-content"[^>]*>/);
  });

  it("shows the Commission's navigation with the current page marked", () => {
    const page = html(
      <Layout title="Batches" user={commission} csrfToken="tok" active="batches">
        content
      </Layout>,
    );
    for (const item of COMMISSION_NAV) expect(page).toContain(`href="${item.href}"`);
    expect(page).toMatch(
      /<a class="lmp-nav__link lmp-nav__link--current" href="\/commission\/batches" aria-current="page">Batches<\/a>/,
    );
    expect(page.match(/aria-current="page"/g)).toHaveLength(1);
    expect(page).not.toContain('href="/licences/new"');
  });

  it("shows an operator's navigation to operators", () => {
    const page = html(
      <Layout title="Licences" user={{ name: 'Op', role: 'operator' }} csrfToken="t">
        x
      </Layout>,
    );
    for (const item of OPERATOR_NAV) expect(page).toContain(`href="${item.href}"`);
    expect(page).not.toContain('href="/commission/batches"');
  });

  it('signs out with a POST form that carries the CSRF token', () => {
    const page = html(
      <Layout title="Dashboard" user={commission} csrfToken="csrf-123">
        x
      </Layout>,
    );
    expect(page).toMatch(
      /<form method="post" action="\/auth\/logout"[^>]*><input type="hidden" name="_csrf" value="csrf-123"\/>/,
    );
    expect(page).toContain('Anna Kowalska');
  });

  it('has no navigation and no sign-out button for a visitor who is not signed in', () => {
    const page = html(
      <Layout title="Sign in" user={null}>
        x
      </Layout>,
    );
    expect(page).not.toContain('lmp-nav');
    expect(page).not.toContain('/auth/logout');
  });

  it('escapes what it is given: a title or name with markup stays text', () => {
    const page = html(
      <Layout
        title="<script>alert(1)</script>"
        user={{ name: '<img src=x onerror=alert(1)>', role: 'operator' }}
        csrfToken={'"><script>'}
      >
        x
      </Layout>,
    );
    expect(page).not.toContain('<script>alert(1)');
    expect(page).not.toContain('<img src=x');
    expect(page).toContain('&lt;script>alert(1)&lt;/script> - Licence Monitoring Platform');
    expect(page).toContain('value="&quot;>&lt;script>"');
  });

  it('shows the notices at the top of the main content', () => {
    const page = html(
      <Layout
        title="Batches"
        user={commission}
        csrfToken="t"
        notices={[{ variant: 'success', title: 'Batch 12 dispatched' }]}
      >
        <p>page</p>
      </Layout>,
    );
    expect(tagsWithClass(page, 'ecl-notification--success')).toHaveLength(1);
    expect(page.indexOf('Batch 12 dispatched')).toBeLessThan(page.indexOf('<p>page</p>'));
  });
});
