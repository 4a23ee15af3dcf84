import { Module } from '@nestjs/common';
import { IdentityModule } from '../identity/identity.module';
import { LeaseSourcesService } from './lease-sources.service';
import { LeaseImportService } from './lease-import.service';
import { LeaseUploadService } from './lease-upload.service';
import { LeasesRepository } from './leases.repository';
import { NatPoolsRepository } from './nat-pools.repository';

@Module({
  imports: [IdentityModule],
  providers: [
    LeasesRepository,
    NatPoolsRepository,
    LeaseImportService,
    LeaseUploadService,
    LeaseSourcesService,
  ],
  exports: [
    LeasesRepository,
    NatPoolsRepository,
    LeaseImportService,
    LeaseUploadService,
    LeaseSourcesService,
  ],
})
export class LeasesModule {}
