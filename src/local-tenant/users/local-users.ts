import { Injectable } from '@nestjs/common';
import { PrismaService } from '../../database/prisma.service';
import { LocalUser, Prisma } from '../../generated/prisma/client';
import { IdentityError } from '../../identity/identity.error';
import type { CreateUserInput, RequestContext, UpdateUserInput } from '../../identity/identity.types';
import { BruteForceProtection } from '../brute-force/brute-force-protection';
import { newLocalUserId } from '../import/ids';
import { PasswordHasher } from '../passwords/password-hasher';
import { assertPasswordStrength } from '../passwords/password-policy';
import { LocalConnection, LocalTenantSettings } from '../settings/local-tenant-settings';
import { mergeMetadata } from './metadata-merge';
import { checkCustomUserId, checkEmail, checkMetadata, checkUsername, payloadError } from './user-input';
import { LocalUserEvents } from './local-user-events';
import { localIdOf } from './user-mapper';

export const userNotFound = () => new IdentityError(404, 'inexistent_user', 'The user does not exist.');
const userExists = () => new IdentityError(409, 'user_exists', 'The user already exists.');
const usernameExists = () => new IdentityError(409, 'username_exists', 'The username provided is in use already.');
const emailTaken = () => new IdentityError(400, 'email_exists', 'The specified new email already exists');

const isUniqueViolation = (error: unknown) => (error as { code?: unknown })?.code === 'P2002';

export interface CreateUserOptions {
  context?: RequestContext;
  /** Seed users are created by the operator's configuration: their password skips the policy. */
  enforcePasswordPolicy?: boolean;
}

/** The local tenant's users: Auth0's Management API rules for creating, changing and deleting them. */
@Injectable()
export class LocalUsers {
  constructor(
    private readonly prisma: PrismaService,
    private readonly settings: LocalTenantSettings,
    private readonly hasher: PasswordHasher,
    private readonly bruteForce: BruteForceProtection,
    private readonly events: LocalUserEvents,
  ) {}

  /** The user with this `auth0|…` id, or null. */
  async find(userId: string): Promise<LocalUser | null> {
    const id = localIdOf(userId);
    return id === undefined ? null : this.prisma.localUser.findUnique({ where: { id } });
  }

  async get(userId: string): Promise<LocalUser> {
    const row = await this.find(userId);
    if (!row) throw userNotFound();
    return row;
  }

  /** The user of a connection who logs in with this email or (with requires_username) username. */
  async findByLogin(connectionId: string, login: string): Promise<LocalUser | null> {
    const normalized = login.trim().toLowerCase();
    const rows = await this.prisma.localUser.findMany({
      where: { connectionId, OR: [{ emailNormalized: normalized }, { usernameNormalized: normalized }] },
      take: 2,
    });
    return rows.find((r) => r.emailNormalized === normalized) ?? rows[0] ?? null;
  }

  /** Users with this email in any connection (case-insensitive), oldest first. */
  findByEmail(email: string): Promise<LocalUser[]> {
    return this.prisma.localUser.findMany({ where: { emailNormalized: email.trim().toLowerCase() }, orderBy: { createdAt: 'asc' } });
  }

  async create(input: CreateUserInput, options: CreateUserOptions = {}): Promise<LocalUser> {
    const connection = this.settings.connections.find((c) => c.name === input.connection);
    try {
      if (!connection) throw new IdentityError(400, 'inexistent_connection', 'The connection does not exist.');
      const row = await this.insert(input, connection, options.enforcePasswordPolicy ?? true);
      await this.events.created(row, input, options.context);
      return row;
    } catch (error) {
      if (error instanceof IdentityError) await this.events.createFailed(input, connection, error, options.context);
      throw error;
    }
  }

  private async insert(input: CreateUserInput, connection: LocalConnection, enforcePolicy: boolean): Promise<LocalUser> {
    if (input.email === undefined) throw payloadError('Missing required property: email', 'email');
    checkEmail(input.email);
    if (input.password === undefined) throw payloadError('Missing required property: password', 'password');
    checkUsername(input.username, connection, true);
    checkMetadata(input.app_metadata, 'app_metadata', false);
    checkMetadata(input.user_metadata, 'user_metadata', false);
    if (enforcePolicy) assertPasswordStrength(input.password, connection.passwordPolicy);
    const id = input.user_id !== undefined ? checkCustomUserId(input.user_id) : newLocalUserId();
    const passwordHash = await this.hasher.hash(input.password);
    try {
      return await this.prisma.localUser.create({
        data: {
          id,
          connectionId: connection.id,
          connection: connection.name,
          email: input.email,
          emailNormalized: input.email.toLowerCase(),
          emailVerified: input.email_verified ?? false,
          username: input.username,
          usernameNormalized: input.username?.toLowerCase(),
          name: input.name,
          givenName: input.given_name,
          familyName: input.family_name,
          nickname: input.nickname,
          picture: input.picture,
          phoneNumber: input.phone_number,
          blocked: input.blocked ?? false,
          appMetadata: (input.app_metadata ?? {}) as Prisma.InputJsonObject,
          userMetadata: (input.user_metadata ?? {}) as Prisma.InputJsonObject,
          passwordHash,
        },
      });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const username = input.username?.toLowerCase();
      const clash = username
        ? await this.prisma.localUser.findFirst({ where: { connectionId: connection.id, usernameNormalized: username }, select: { emailNormalized: true } })
        : null;
      throw clash && clash.emailNormalized !== input.email.toLowerCase() ? usernameExists() : userExists();
    }
  }

  async update(userId: string, input: UpdateUserInput, context?: RequestContext): Promise<LocalUser> {
    const given = Object.entries(input).filter(([, v]) => v !== undefined);
    if (given.length === 0) throw payloadError('Too few properties defined (0), minimum 1');
    const row = await this.get(userId);
    const connection = this.settings.connectionById(row.connectionId);
    if (!connection) throw new IdentityError(400, 'inexistent_connection', 'The connection does not exist.');
    if (input.connection !== undefined && input.connection !== row.connection) {
      throw new IdentityError(400, 'invalid_body', `The user does not belong to the connection ${input.connection}`);
    }
    if (input.email !== undefined) checkEmail(input.email);
    if (input.username !== undefined) checkUsername(input.username, connection, false);
    checkMetadata(input.app_metadata, 'app_metadata', true);
    checkMetadata(input.user_metadata, 'user_metadata', true);
    if (input.password !== undefined) assertPasswordStrength(input.password, connection.passwordPolicy);
    const passwordHash = input.password !== undefined ? await this.hasher.hash(input.password) : undefined;

    let updated: LocalUser;
    try {
      updated = await this.prisma.$transaction(async (tx) => {
        // Locked, so that two concurrent metadata patches both land.
        const [current] = await tx.$queryRaw<Array<{ app_metadata: Record<string, unknown>; user_metadata: Record<string, unknown> }>>`
          SELECT app_metadata, user_metadata FROM local_users WHERE id = ${row.id} FOR UPDATE`;
        if (!current) throw userNotFound();
        const emailChanged = input.email !== undefined && input.email.toLowerCase() !== row.emailNormalized;
        return tx.localUser.update({
          where: { id: row.id },
          data: {
            ...(input.email !== undefined ? { email: input.email, emailNormalized: input.email.toLowerCase() } : {}),
            // A new email is unverified unless the caller says otherwise, as on Auth0.
            ...(input.email_verified !== undefined ? { emailVerified: input.email_verified } : emailChanged ? { emailVerified: false } : {}),
            ...(input.username !== undefined ? { username: input.username, usernameNormalized: input.username.toLowerCase() } : {}),
            ...(passwordHash !== undefined ? { passwordHash, customPasswordHash: Prisma.DbNull, lastPasswordReset: new Date() } : {}),
            name: input.name,
            givenName: input.given_name,
            familyName: input.family_name,
            nickname: input.nickname,
            picture: input.picture,
            blocked: input.blocked,
            ...(input.app_metadata !== undefined ? { appMetadata: mergeMetadata(current.app_metadata, input.app_metadata) as Prisma.InputJsonObject } : {}),
            ...(input.user_metadata !== undefined ? { userMetadata: mergeMetadata(current.user_metadata, input.user_metadata) as Prisma.InputJsonObject } : {}),
          },
        });
      });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      throw input.email !== undefined && input.email.toLowerCase() !== row.emailNormalized ? emailTaken() : usernameExists();
    }
    // A new password lifts brute-force blocks, as a password change does on Auth0.
    if (passwordHash !== undefined) await this.bruteForce.clear(BruteForceProtection.userSubject(row.id));
    await this.events.updated(updated, input, context);
    return updated;
  }

  /** Deletes a user with its refresh tokens, codes and login failures. Deleting an unknown user is a no-op, as on Auth0. */
  async delete(userId: string, context?: RequestContext): Promise<void> {
    const id = localIdOf(userId);
    if (id === undefined) return;
    const [, deleted] = await this.prisma.$transaction([
      this.prisma.localLoginFailure.deleteMany({ where: { subject: BruteForceProtection.userSubject(id) } }),
      this.prisma.$queryRaw<LocalUser[]>`DELETE FROM local_users WHERE id = ${id} RETURNING id, connection_id AS "connectionId", connection, email, username`,
    ]);
    if (deleted.length) await this.events.deleted(deleted[0], context);
  }

  /** Lifts every brute-force block of a user (Auth0's DELETE /api/v2/user-blocks/{id}). */
  async unblock(userId: string, context?: RequestContext): Promise<void> {
    const row = await this.get(userId);
    await this.bruteForce.clear(BruteForceProtection.userSubject(row.id));
    await this.events.unblocked(row, context);
  }

  /** A successful login: counters, last IP, and the password hash replaced by an argon2id one when it was older. */
  recordLogin(row: LocalUser, ip: string | undefined, upgradedHash?: string): Promise<LocalUser> {
    return this.prisma.localUser.update({
      where: { id: row.id },
      data: {
        lastLogin: new Date(),
        loginsCount: { increment: 1 },
        ...(ip ? { lastIp: ip } : {}),
        ...(upgradedHash ? { passwordHash: upgradedHash, customPasswordHash: Prisma.DbNull } : {}),
      },
    });
  }
}
