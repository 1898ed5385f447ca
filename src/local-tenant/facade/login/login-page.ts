import { createHash } from 'node:crypto';

/** Escapes text for HTML content and quoted attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"'`]/g, (c) => `&#${c.charCodeAt(0)};`);
}

const STYLE = `body{font-family:system-ui,sans-serif;background:#f4f5f7;margin:0;display:flex;min-height:100vh;align-items:center;justify-content:center}
main{background:#fff;padding:2rem;border-radius:8px;box-shadow:0 1px 4px rgba(0,0,0,.15);width:20rem}
h1{font-size:1.25rem;margin:0 0 1rem}label{display:block;margin:.75rem 0 .25rem;font-size:.9rem}
input,select{width:100%;box-sizing:border-box;padding:.5rem;font-size:1rem}
button{margin-top:1.25rem;width:100%;padding:.6rem;font-size:1rem;background:#3b5bdb;color:#fff;border:0;border-radius:4px}
.error{background:#fff0f0;color:#a40000;padding:.5rem;border-radius:4px;font-size:.9rem}.muted{color:#666;font-size:.8rem}`;

/** The page's only inline style, allowed by its hash so that the CSP needs no 'unsafe-inline'. */
const STYLE_HASH = `sha256-${createHash('sha256').update(STYLE).digest('base64')}`;

/**
 * Security headers of the facade's pages: no script at all, the page's own style, forms posting to
 * the page itself and (after the redirect that follows a login) to the application, no framing, no
 * caching, no referrer (the URL carries the authorize request).
 */
export function pageHeaders(formTargets: string[] = []): Record<string, string> {
  const formAction = ["'self'", ...formTargets].join(' ');
  return {
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': `default-src 'none'; style-src '${STYLE_HASH}'; form-action ${formAction}; frame-ancestors 'none'; base-uri 'none'`,
    'x-frame-options': 'DENY',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-store',
  };
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><main>${body}</main></body></html>
`;
}

export interface LoginPageModel {
  tenantName: string;
  clientName: string;
  /** Where the form posts (the authorize endpoint). */
  action: string;
  /** The authorize request's parameters, posted back unchanged. */
  hidden: Record<string, string>;
  csrfToken: string;
  connections: Array<{ name: string; requiresUsername: boolean }>;
  selectedConnection: string;
  username?: string;
  error?: string;
}

/** The login form: login name, password and, when the client may use several, the connection. */
export function loginPage(model: LoginPageModel): string {
  const hidden = Object.entries({ ...model.hidden, csrf: model.csrfToken })
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('\n');
  const selected = model.connections.find((c) => c.name === model.selectedConnection) ?? model.connections[0];
  const connection =
    model.connections.length > 1
      ? `<label for="connection">Connection</label><select id="connection" name="connection">${model.connections
          .map((c) => `<option value="${escapeHtml(c.name)}"${c.name === selected?.name ? ' selected' : ''}>${escapeHtml(c.name)}</option>`)
          .join('')}</select>`
      : `<input type="hidden" name="connection" value="${escapeHtml(selected?.name ?? '')}">`;
  const loginLabel = model.connections.some((c) => c.requiresUsername) ? 'Email or username' : 'Email';
  const error = model.error ? `<p class="error" role="alert">${escapeHtml(model.error)}</p>` : '';
  return page(
    `Log in to ${model.clientName}`,
    `<h1>Log in to ${escapeHtml(model.clientName)}</h1>
<p class="muted">${escapeHtml(model.tenantName)} (local tenant)</p>
${error}
<form method="post" action="${escapeHtml(model.action)}">
${hidden}
${connection}
<label for="username">${loginLabel}</label><input id="username" name="username" autocomplete="username" required value="${escapeHtml(model.username ?? '')}">
<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Continue</button>
</form>`,
  );
}

/** A page telling the user what went wrong when the request cannot go back to the application. */
export function errorPage(title: string, message: string): string {
  return page(title, `<h1>${escapeHtml(title)}</h1><p class="error" role="alert">${escapeHtml(message)}</p>`);
}

export function loggedOutPage(): string {
  return page('Logged out', '<h1>Logged out</h1><p>You are logged out of the local tenant.</p>');
}
