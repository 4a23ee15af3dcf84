import { RequestStatus } from './disclosure.types';

// The only moves a request can make. Every other move is refused (and tested as refused).
//   received -> under_review -> approved -> (US) subscriber_notified -> waiting_window -> produced
//                                        -> (others) produced
//   a motion to quash puts a notified request on hold; its decision sends it back or refuses it.
export const TRANSITIONS: Readonly<Record<RequestStatus, readonly RequestStatus[]>> = {
  received: ['under_review', 'refused', 'withdrawn'],
  under_review: ['approved', 'refused', 'on_hold', 'withdrawn'],
  approved: ['subscriber_notified', 'produced', 'withdrawn'],
  subscriber_notified: ['waiting_window', 'on_hold', 'withdrawn'],
  waiting_window: ['produced', 'on_hold', 'withdrawn'],
  on_hold: ['under_review', 'waiting_window', 'refused', 'withdrawn'],
  refused: [],
  produced: [],
  withdrawn: [],
};

export function canMove(from: RequestStatus, to: RequestStatus): boolean {
  return TRANSITIONS[from].includes(to);
}
