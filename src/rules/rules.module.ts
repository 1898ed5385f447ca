import { Global, Module } from '@nestjs/common';
import { LoginRules, PassThroughLoginRules } from './login-rules.port';

/** Rules and actions run on every login. */
@Global()
@Module({
  providers: [{ provide: LoginRules, useClass: PassThroughLoginRules }],
  exports: [LoginRules],
})
export class RulesModule {}
