import type { IncomingMessage, ServerResponse } from 'node:http';
import type Provider from 'oidc-provider';
import { readForm, send } from './http';
import { renderLoginPage } from './login-page';
import { isEmail, type AccountRegistry, type DemoUser } from './users';

type Interaction = Awaited<ReturnType<Provider['interactionDetails']>>;

export interface InteractionDeps {
  provider: Provider;
  issuerPath: string;
  users: readonly DemoUser[];
  accounts: AccountRegistry;
}

/** GET {issuerPath}/interaction/:uid — the login page, or an automatic consent. */
export async function showInteraction(req: IncomingMessage, res: ServerResponse, deps: InteractionDeps) {
  const interaction = await deps.provider.interactionDetails(req, res);
  if (interaction.prompt.name === 'login') {
    const page = await loginPage(deps, interaction);
    return send(res, 200, 'text/html; charset=utf-8', page);
  }
  if (interaction.prompt.name === 'consent') {
    // Both clients are first-party, like the Commission's own applications in EU Login:
    // nobody is asked to consent, whatever was requested is granted.
    const grantId = await grantEverythingRequested(deps.provider, interaction);
    return deps.provider.interactionFinished(
      req,
      res,
      { consent: { grantId } },
      { mergeWithLastSubmission: true },
    );
  }
  return deps.provider.interactionFinished(req, res, {
    error: 'access_denied',
    error_description: `unsupported prompt ${interaction.prompt.name}`,
  });
}

/** POST {issuerPath}/interaction/:uid/login — sign in as a demo user or any e-mail address. */
export async function submitLogin(
  req: IncomingMessage,
  res: ServerResponse,
  deps: InteractionDeps,
  uid: string,
) {
  const interaction = await deps.provider.interactionDetails(req, res);
  if (interaction.uid !== uid || interaction.prompt.name !== 'login') {
    return send(
      res,
      400,
      'text/plain; charset=utf-8',
      'This sign-in request is no longer valid. Start again.',
    );
  }
  const form = await readForm(req);
  const email = form.get('email')?.trim() ?? '';
  if (!isEmail(email)) {
    const error = 'Enter a valid e-mail address.';
    return send(res, 400, 'text/html; charset=utf-8', await loginPage(deps, interaction, error, email));
  }
  const demo = deps.users.find((user) => user.email.toLowerCase() === email.toLowerCase());
  const account = deps.accounts.signIn(email, form.get('name') || demo?.name);
  return deps.provider.interactionFinished(
    req,
    res,
    { login: { accountId: account.sub } },
    { mergeWithLastSubmission: false },
  );
}

async function loginPage(deps: InteractionDeps, interaction: Interaction, error?: string, email?: string) {
  const clientId = String(interaction.params.client_id);
  const client = await deps.provider.Client.find(clientId);
  return renderLoginPage({
    action: `${deps.issuerPath}/interaction/${interaction.uid}/login`,
    clientName: client?.clientName ?? clientId,
    users: deps.users,
    error,
    email,
  });
}

async function grantEverythingRequested(provider: Provider, interaction: Interaction): Promise<string> {
  const { details } = interaction.prompt;
  const grant =
    (interaction.grantId ? await provider.Grant.find(interaction.grantId) : undefined) ??
    new provider.Grant({
      accountId: interaction.session?.accountId,
      clientId: String(interaction.params.client_id),
    });
  const scopes = details.missingOIDCScope as string[] | undefined;
  const claims = details.missingOIDCClaims as string[] | undefined;
  const resourceScopes = details.missingResourceScopes as Record<string, string[]> | undefined;
  if (scopes) grant.addOIDCScope(scopes.join(' '));
  if (claims) grant.addOIDCClaims(claims);
  for (const [indicator, scope] of Object.entries(resourceScopes ?? {})) {
    grant.addResourceScope(indicator, scope.join(' '));
  }
  return grant.save();
}
