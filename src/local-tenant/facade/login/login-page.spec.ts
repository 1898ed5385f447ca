import { errorPage, escapeHtml, loginPage, pageHeaders } from './login-page';

const model = {
  tenantName: 'tenant',
  clientName: 'web',
  action: 'authorize',
  hidden: { client_id: 'web', state: '"><script>alert(1)</script>' },
  csrfToken: 'csrf-token',
  connections: [{ name: 'Username-Password-Authentication', requiresUsername: false }],
  selectedConnection: 'Username-Password-Authentication',
};

describe('login pages', () => {
  it('escapes every character that could open markup or leave an attribute', () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&\``)).toBe('&#60;a href=&#34;x&#34; onclick=&#39;y&#39;&#62;&#38;&#96;');
  });

  it('carries the authorize request back in escaped hidden fields, with the CSRF token', () => {
    const html = loginPage(model);
    expect(html).toContain('<input type="hidden" name="state" value="&#34;&#62;&#60;script&#62;alert(1)&#60;/script&#62;">');
    expect(html).toContain('<input type="hidden" name="csrf" value="csrf-token">');
    expect(html).toContain('<input type="hidden" name="connection" value="Username-Password-Authentication">');
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<select');
  });

  it('offers a choice when the client may use several connections, and shows errors escaped', () => {
    const html = loginPage({ ...model, connections: [...model.connections, { name: 'Staff <b>', requiresUsername: true }], selectedConnection: 'Staff <b>', error: 'Wrong <email>', username: 'a"b' });
    expect(html).toContain('<option value="Staff &#60;b&#62;" selected>Staff &#60;b&#62;</option>');
    expect(html).toContain('Email or username');
    expect(html).toContain('<p class="error" role="alert">Wrong &#60;email&#62;</p>');
    expect(html).toContain('value="a&#34;b"');
    expect(errorPage('<t>', '<m>')).not.toMatch(/<t>|<m>/);
  });

  it('allows no script, its own style by hash, and forms to itself and the application', () => {
    const headers = pageHeaders(['https://app.example.com']);
    expect(headers['content-security-policy']).toMatch(/^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/=]{44}'; form-action 'self' https:\/\/app\.example\.com; frame-ancestors 'none'; base-uri 'none'$/);
    expect(headers).toMatchObject({ 'x-frame-options': 'DENY', 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' });
  });
});
