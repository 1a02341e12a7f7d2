import type { DemoUser } from './users';

export interface LoginPageModel {
  action: string;
  clientName: string;
  users: readonly DemoUser[];
  error?: string;
  email?: string;
}

const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** EU Login's sign-in page, reduced to what development needs: pick a person or type any e-mail. */
export function renderLoginPage(model: LoginPageModel): string {
  const action = escapeHtml(model.action);
  const users = model.users
    .map((user) => {
      const label = user.label ? ` <span class="label">${escapeHtml(user.label)}</span>` : '';
      return `<li><button type="submit" name="email" value="${escapeHtml(user.email)}">
        <strong>${escapeHtml(user.name)}</strong>${label}<br><small>${escapeHtml(user.email)}</small>
      </button></li>`;
    })
    .join('\n');
  const error = model.error ? `<p class="error" role="alert">${escapeHtml(model.error)}</p>` : '';
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>EU Login (development)</title>
  <style>
    body{font-family:Arial,sans-serif;margin:0;background:#f5f5f5;color:#222}
    header{background:#004494;color:#fff;padding:1rem 2rem}
    main{max-width:32rem;margin:2rem auto;background:#fff;padding:1.5rem 2rem;box-shadow:0 1px 3px rgba(0,0,0,.2)}
    .warning{background:#fff4ce;border-left:4px solid #f4a300;padding:.5rem 1rem}
    ul{list-style:none;padding:0}li{margin:.5rem 0}
    li button{width:100%;text-align:left;padding:.6rem 1rem;background:#fff;border:1px solid #004494;cursor:pointer}
    li button:hover{background:#e6eef8}.label{background:#004494;color:#fff;font-size:.75rem;padding:0 .4rem}
    label{display:block;margin-top:.8rem}input{width:100%;padding:.5rem;box-sizing:border-box}
    .submit{margin-top:1rem;padding:.6rem 1.5rem;background:#004494;color:#fff;border:0;cursor:pointer}
    .error{color:#b00020}
  </style>
</head>
<body>
  <header><h1>EU Login</h1><p>Development identity provider</p></header>
  <main>
    <p class="warning">For development and tests only. This is not EU Login and never part of a production configuration.</p>
    <p>Sign in to <strong>${escapeHtml(model.clientName)}</strong>.</p>
    ${error}
    <h2>Demo users</h2>
    <form id="demo-users" method="post" action="${action}">
      <ul>
${users}
      </ul>
    </form>
    <h2>Any e-mail address</h2>
    <form id="login-form" method="post" action="${action}">
      <label for="email">E-mail address</label>
      <input id="email" name="email" type="email" required autocomplete="email" value="${escapeHtml(model.email ?? '')}">
      <label for="name">Name (optional)</label>
      <input id="name" name="name" type="text" autocomplete="name">
      <button class="submit" type="submit">Sign in</button>
    </form>
  </main>
</body>
</html>`;
}
