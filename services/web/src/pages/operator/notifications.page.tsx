import { Button } from '../../components/button';
import { ErrorSummary } from '../../components/error-summary';
import { Checkbox, RadioGroup } from '../../components/form-fields';
import { UnavailableNotice } from '../../components/notification';
import { PageHeader } from '../../components/page-header';
import { fieldErrorsOf, formValue, redirect, render, type FieldErrors, type PageContext, type PageResult } from '../../app/page';

interface Settings {
  newMessage: 'immediate' | 'daily' | 'off';
  transmissionDigest: boolean;
  staleReminder: boolean;
}

const TITLE = 'Notification settings';

/** GET /notifications: which e-mails the platform sends you (messaging may not be available yet). */
export async function notificationsPage(ctx: PageContext): Promise<PageResult> {
  const answer = await ctx.api.get<Settings>('/me/notifications');
  if (answer.kind === 'unavailable') {
    return render(
      TITLE,
      <>
        <PageHeader title={TITLE} />
        <UnavailableNotice what="Notification settings" retryAfter={answer.retryAfter} />
      </>,
      { active: 'notifications' },
    );
  }
  const settings = answer.kind === 'ok' ? answer.data : { newMessage: 'immediate', transmissionDigest: true, staleReminder: true };
  return pageOf(ctx, settings as Settings, {}, ctx.query.saved === '1');
}

/** POST /notifications: PUT /me/notifications. */
export async function saveNotifications(ctx: PageContext): Promise<PageResult> {
  const settings = {
    newMessage: formValue(ctx.form, 'newMessage') as Settings['newMessage'],
    transmissionDigest: formValue(ctx.form, 'transmissionDigest') === 'true',
    staleReminder: formValue(ctx.form, 'staleReminder') === 'true',
  };
  const answer = await ctx.api.put<Settings>('/me/notifications', settings);
  if (answer.kind === 'ok') return redirect('/notifications?saved=1');
  if (answer.kind === 'unavailable') {
    return render(TITLE, <><PageHeader title={TITLE} /><UnavailableNotice what="Notification settings" retryAfter={answer.retryAfter} /></>, {
      active: 'notifications',
      status: 503,
    });
  }
  return pageOf(ctx, settings, fieldErrorsOf(answer.problem), false, answer.status);
}

function pageOf(ctx: PageContext, settings: Settings, errors: FieldErrors, saved: boolean, status?: number): PageResult {
  return render(
    TITLE,
    <>
      <PageHeader title={TITLE} description="Which e-mails the platform sends you. Every e-mail also has a one-click unsubscribe link." />
      <ErrorSummary errors={errors} labels={{ newMessage: 'New messages', transmissionDigest: 'Transmission digest', staleReminder: 'Reminders' }} />
      <form method="post" action="/notifications" class="lmp-form" noValidate>
        <input type="hidden" name="_csrf" value={ctx.csrfToken} />
        <RadioGroup
          name="newMessage"
          label="When the Commission writes to your company"
          options={[
            { value: 'immediate', label: 'E-mail me at once' },
            { value: 'daily', label: 'One e-mail a day' },
            { value: 'off', label: 'No e-mail' },
          ]}
          value={settings.newMessage}
          error={errors.newMessage}
          required
        />
        <Checkbox name="transmissionDigest" label="E-mail me when the Commission transmits our licences to MOFCOM" checked={settings.transmissionDigest} />
        <Checkbox name="staleReminder" label="Remind me of licences whose status has not changed for 14 days" checked={settings.staleReminder} />
        <div class="lmp-form__actions">
          <Button>Save the settings</Button>
        </div>
      </form>
    </>,
    {
      active: 'notifications',
      status,
      notices: saved ? [{ variant: 'success', title: 'Your notification settings are saved' }] : [],
    },
  );
}
