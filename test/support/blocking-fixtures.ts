import type { OrderInput } from '../../src/modules/blocking/blocking-orders.service';

// A French court's blocking order as counsel records it; each spec changes what it needs.
export const parisOrder = (over: Partial<OrderInput> = {}): OrderInput => ({
  court: 'Tribunal judiciaire de Paris',
  jurisdiction: 'fr',
  caseNumber: 'RG 26/00001',
  orderDate: '2026-11-20',
  claimants: ['Studio A'],
  ispNamed: 'Example Access',
  measures: ['dns'],
  implementationDays: 15,
  durationMonths: 12,
  costBearer: 'rights_holders',
  updateBasis: 'court_order',
  howToContest: 'Référé devant le tribunal judiciaire de Paris',
  targets: ['seed.example'],
  ...over,
});
