import { Module } from '@nestjs/common';
import { CaseSearchRepository } from './case-search.repository';
import { CaseTimelineRepository } from './case-timeline.repository';
import { CaseWorkRepository } from './case-work.repository';
import { CaseSearchService } from './case-search.service';
import { SavedSearchRepository } from './saved-search.repository';
import { SubscriberHistoryRepository } from './subscriber-history.repository';
import { SubscriberHistoryService } from './subscriber-history.service';

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
    SubscriberHistoryService,
  ],
  exports: [
    CaseSearchService,
    CaseSearchRepository,
    CaseTimelineRepository,
    CaseWorkRepository,
    SubscriberHistoryRepository,
    SubscriberHistoryService,
  ],
})
export class SearchModule {}
