import { Module } from '@nestjs/common';
import { LeaseImportService } from './lease-import.service';
import { LeaseUploadService } from './lease-upload.service';
import { LeasesRepository } from './leases.repository';
import { NatPoolsRepository } from './nat-pools.repository';

@Module({
  providers: [LeasesRepository, NatPoolsRepository, LeaseImportService, LeaseUploadService],
  exports: [LeasesRepository, NatPoolsRepository, LeaseImportService, LeaseUploadService],
})
export class LeasesModule {}
