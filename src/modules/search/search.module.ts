import { Module } from '@nestjs/common';
import { CaseSearchRepository } from './case-search.repository';
import { CaseTimelineRepository } from './case-timeline.repository';
import { CaseWorkRepository } from './case-work.repository';
import { CaseSearchService } from './case-search.service';
import { SavedSearchRepository } from './saved-search.repository';
import { SubscriberHistoryRepository } from './subscriber-history.repository';

// Finding cases at volume (issue #19): indexed search over notices, items, messages and
// challenges, streamed CSV export, saved searches.
@Module({
  providers: [
    CaseSearchRepository,
    SavedSearchRepository,
    CaseSearchService,
    CaseTimelineRepository,
    CaseWorkRepository,
    SubscriberHistoryRepository,
  ],
  exports: [
    CaseSearchService,
    CaseSearchRepository,
    CaseTimelineRepository,
    CaseWorkRepository,
    SubscriberHistoryRepository,
  ],
})
export class SearchModule {}
