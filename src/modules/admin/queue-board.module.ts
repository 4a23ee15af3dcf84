import { BullAdapter } from '@bull-board/api/bullAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { BullBoardModule } from '@bull-board/nestjs';
import { Module } from '@nestjs/common';
import { ALL_QUEUES } from '../../queue/queue-names';

// Bull Board at /admin/queues; access is gated to admins in configureApp (admin-gate.ts).
export const QUEUE_BOARD_ROUTE = '/admin/queues';

@Module({
  imports: [
    BullBoardModule.forRoot({ route: QUEUE_BOARD_ROUTE, adapter: ExpressAdapter }),
    ...ALL_QUEUES.map((name) => BullBoardModule.forFeature({ name, adapter: BullAdapter })),
  ],
})
export class QueueBoardModule {}
