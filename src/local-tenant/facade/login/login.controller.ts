import { ArgumentsHost, Catch, Controller, ExceptionFilter, Get, Logger, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { randomBytes } from 'node:crypto';
import { Public } from '../../../common/admin-auth/auth.decorators';
import { IdentityError } from '../../../identity/identity.error';
import { AuthorizeRequest, AuthorizeRequestError, AuthorizeWithPassword, ValidatedAuthorizeRequest } from '../../authorization/authorize.usecase';
import { secretsEqual } from '../../clients/local-clients';
import { LocalLogout } from '../../login/logout';
import { LocalTenantSettings } from '../../settings/local-tenant-settings';
import { FacadeBody, queryOf, readFacadeBody } from '../facade-body';
import { facadeContext } from '../facade-context';
import { errorPage, loggedOutPage, loginPage, pageHeaders } from './login-page';

/** Cookie holding the login form's anti-CSRF token (double submit: the form carries the same value). */
const CSRF_COOKIE = 'local_tenant_login';
/** Parameters of an authorize request the login form carries back. */
const AUTHORIZE_PARAMETERS = ['response_type', 'client_id', 'redirect_uri', 'scope', 'state', 'nonce', 'code_challenge', 'code_challenge_method', 'audience'] as const;

type Parameters = Record<string, unknown>;

const parameter = (params: Parameters, name: string) => (typeof params[name] === 'string' && params[name] !== '' ? (params[name] as string) : undefined);

function toAuthorizeRequest(params: Parameters): AuthorizeRequest {
  return {
    clientId: parameter(params, 'client_id') ?? '',
    redirectUri: parameter(params, 'redirect_uri') ?? '',
    responseType: parameter(params, 'response_type'),
    scope: parameter(params, 'scope'),
    state: parameter(params, 'state'),
    nonce: parameter(params, 'nonce'),
    codeChallenge: parameter(params, 'code_challenge'),
    codeChallengeMethod: parameter(params, 'code_challenge_method'),
    connection: parameter(params, 'connection'),
    audience: parameter(params, 'audience'),
  };
}

function sendPage(reply: FastifyReply, status: number, html: string, formTargets: string[] = []): void {
  reply.status(status).headers(pageHeaders(formTargets)).send(html);
}

/** Anything the login pages did not expect: an HTML page, never internals. */
@Catch()
export class LoginPageErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('LocalTenantFacade');

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    if (exception instanceof IdentityError && exception.getStatus() < 500) {
      sendPage(reply, exception.getStatus(), errorPage('The request cannot be completed', exception.message));
      return;
    }
    this.logger.error({ err: exception, requestId: request.id }, `local tenant request ${request.id} failed`);
    if (!reply.sent) sendPage(reply, 500, errorPage('Something went wrong', `An unexpected error occurred (request ${request.id}).`));
  }
}

/**
 * The local tenant's hosted login, as Auth0's Universal Login is reached: `GET /authorize` shows a
 * login form (a choice of connection when the client may use several), `POST /authorize` checks the
 * credentials and sends the browser to `redirect_uri?code=…&state=…`; `GET /v2/logout` ends with the
 * allowed `returnTo`. Every value shown is escaped; the form is protected by a SameSite cookie
 * holding the token it posts back.
 */
@ApiExcludeController()
@Public()
@UseFilters(LoginPageErrorFilter)
@Controller()
export class FacadeLoginController {
  constructor(
    private readonly authorize: AuthorizeWithPassword,
    private readonly logout: LocalLogout,
    private readonly settings: LocalTenantSettings,
  ) {}

  @Get('authorize')
  showLogin(@Req() request: FastifyRequest, @Res() reply: FastifyReply): void {
    const query = queryOf(request);
    const authorizeRequest = toAuthorizeRequest(query);
    let prepared: ValidatedAuthorizeRequest;
    try {
      prepared = this.authorize.prepare(authorizeRequest);
    } catch (error) {
      return this.refuse(reply, error, authorizeRequest);
    }
    // The local tenant keeps no login session, so a silent authentication can never succeed.
    if (parameter(query, 'prompt') === 'none') return this.redirectError(reply, authorizeRequest, 'login_required', 'Login required');
    const csrfToken = randomBytes(32).toString('base64url');
    reply.setCookie(CSRF_COOKIE, csrfToken, { path: this.cookiePath, httpOnly: true, sameSite: 'lax', secure: request.protocol === 'https' });
    this.sendLogin(reply, 200, query, prepared, csrfToken);
  }

  @Post('authorize')
  @FacadeBody()
  async login(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const { fields } = await readFacadeBody(request, 'invalid_request');
    const authorizeRequest = toAuthorizeRequest(fields);
    const cookie = request.cookies?.[CSRF_COOKIE];
    const posted = parameter(fields, 'csrf');
    if (!cookie || !posted || !secretsEqual(posted, cookie)) {
      return sendPage(reply, 403, errorPage('Your login page has expired', 'Go back to the application and log in again.'));
    }
    const username = parameter(fields, 'username') ?? '';
    try {
      const { redirectTo } = await this.authorize.login(authorizeRequest, {
        username,
        password: typeof fields.password === 'string' ? fields.password : '',
        connection: parameter(fields, 'connection'),
        context: facadeContext(request),
      });
      reply.redirect(redirectTo, 302);
    } catch (error) {
      if (error instanceof AuthorizeRequestError || !(error instanceof IdentityError)) return this.refuse(reply, error, authorizeRequest);
      // Wrong credentials, a blocked user or account: the form again, with Auth0's message.
      const prepared = this.authorize.prepare(authorizeRequest);
      this.sendLogin(reply, error.getStatus(), fields, prepared, cookie, { username, error: error.message });
    }
  }

  @Get('v2/logout')
  async endSession(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const query = queryOf(request);
    const { redirectTo } = await this.logout.logout({ clientId: parameter(query, 'client_id'), returnTo: parameter(query, 'returnTo'), context: facadeContext(request) });
    reply.clearCookie(CSRF_COOKIE, { path: this.cookiePath });
    if (redirectTo !== undefined) return void reply.redirect(redirectTo, 302);
    sendPage(reply, 200, loggedOutPage());
  }

  /** The facade's public path (the issuer's), where the browser sees the login page. */
  private get cookiePath(): string {
    return new URL(this.settings.issuer).pathname;
  }

  private sendLogin(reply: FastifyReply, status: number, params: Parameters, prepared: ValidatedAuthorizeRequest, csrfToken: string, extra: { username?: string; error?: string } = {}): void {
    const hidden: Record<string, string> = {};
    for (const name of AUTHORIZE_PARAMETERS) {
      const value = parameter(params, name);
      if (value !== undefined) hidden[name] = value;
    }
    const html = loginPage({
      tenantName: this.settings.tenantName,
      clientName: prepared.client.name,
      // Relative, so that it also holds where a proxy serves the facade under another path.
      action: 'authorize',
      hidden,
      csrfToken,
      connections: prepared.connections.map((c) => ({ name: c.name, requiresUsername: c.requiresUsername })),
      selectedConnection: prepared.connection.name,
      ...extra,
    });
    sendPage(reply, status, html, [new URL(prepared.request.redirectUri).origin]);
  }

  /** An authorize request that cannot go on: back to the application when its redirect URI is known, else a page. */
  private refuse(reply: FastifyReply, error: unknown, request: AuthorizeRequest): void {
    if (error instanceof AuthorizeRequestError && error.redirectUri) return this.redirectError(reply, request, error.code, error.message);
    if (error instanceof IdentityError) return sendPage(reply, error.getStatus(), errorPage('The login request is not valid', error.message));
    throw error;
  }

  private redirectError(reply: FastifyReply, request: AuthorizeRequest, code: string, description: string): void {
    const target = new URL(request.redirectUri);
    target.searchParams.set('error', code);
    target.searchParams.set('error_description', description);
    if (request.state !== undefined) target.searchParams.set('state', request.state);
    reply.redirect(target.toString(), 302);
  }
}
