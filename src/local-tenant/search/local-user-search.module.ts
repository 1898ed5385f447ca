import { Module } from '@nestjs/common';
import { LocalUserSearch } from './local-user-search';
import { PrismaLocalUserSearch } from './prisma-local-user-search';

/** Auth0 v3 (Lucene) user search over the local tenant's users in Postgres. Needs DatabaseModule. */
@Module({
  providers: [{ provide: LocalUserSearch, useClass: PrismaLocalUserSearch }],
  exports: [LocalUserSearch],
})
export class LocalUserSearchModule {}
