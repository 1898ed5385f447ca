import { Module } from '@nestjs/common';
import { LocalClients } from '../clients/local-clients';
import { LocalTenantEvents } from '../events/local-tenant-events';
import { LocalTenantSettings } from './local-tenant-settings';

/** The local tenant's configuration, clients and event emitter: what every part of the tenant needs. */
@Module({
  providers: [LocalTenantSettings, LocalClients, LocalTenantEvents],
  exports: [LocalTenantSettings, LocalClients, LocalTenantEvents],
})
export class LocalTenantSettingsModule {}
