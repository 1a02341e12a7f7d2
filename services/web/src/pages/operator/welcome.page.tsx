import type { Company } from '@lmp/contracts';
import { LinkButton } from '../../components/button';
import { UnavailableNotice } from '../../components/notification';
import { PageHeader } from '../../components/page-header';
import { redirect, render, type PageContext, type PageResult } from '../../app/page';

interface Me {
  company: Company | null;
}

/**
 * An operator's first page: a new user (no company yet) is told to create their company first,
 * since licences belong to a company; everyone else goes on to their licences.
 */
export async function welcomePage(ctx: PageContext): Promise<PageResult> {
  const me = await ctx.api.get<Me>('/me');
  if (me.kind === 'unavailable') return render('Welcome', <UnavailableNotice what="Your account" />, { status: 503 });
  if (me.kind === 'ok' && me.data.company) return redirect('/licences', 302);
  return render(
    'Welcome',
    <>
      <PageHeader title={`Welcome, ${ctx.user.name}`} />
      <div class="lmp-welcome">
        <h2 class="ecl-u-type-heading-2">First, create your company</h2>
        <p class="ecl-u-type-paragraph">
          Licences belong to your company, not to you alone: every colleague of your company sees and edits them. Tell
          us about your company (name, EORI number, country, sector) before you register a licence.
        </p>
        <LinkButton href="/company" variant="primary">
          Create your company
        </LinkButton>
      </div>
    </>,
  );
}
