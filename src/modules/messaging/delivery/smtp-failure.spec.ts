import { describeFailure, FAILURE_CATEGORIES } from './smtp-failure';

const smtpError = (responseCode: number, response: string) =>
  Object.assign(new Error(`Can't send mail - all recipients were rejected: ${response}`), {
    code: 'EENVELOPE',
    responseCode,
    response,
  });

describe('describeFailure', () => {
  it.each([
    ['550 5.1.1 <jane.doe@example.net>: Recipient address rejected', 550, 'mailbox_unknown', true],
    ["452 4.2.2 Jane Doe's mailbox is full", 452, 'mailbox_full', false],
    ['552 5.2.2 Mailbox full: quota exceeded for Jane Doe', 552, 'mailbox_full', true],
    ['554 5.7.1 Message rejected as spam by Example Filter', 554, 'rejected_as_spam', true],
    ['550 5.7.1 Client host blocked using a blocklist', 550, 'rejected_as_spam', true],
    ['421 4.3.2 Service not available, closing channel', 421, 'temporary', false],
    ['451 try again later', 451, 'temporary', false],
    ["550 Jane Doe's account does not exist here", 550, 'mailbox_unknown', true],
    ['552 Requested mail action aborted: exceeded storage allocation', 552, 'mailbox_full', true],
    ['554 Transaction failed', 554, 'other', true],
  ] as const)('%s -> %s', (response, code, category, permanent) => {
    const f = describeFailure(smtpError(code, response));
    expect(f).toMatchObject({ category, permanent, note: category, replyCode: code });
    // The note, which the desk, the sender and the log see, has none of the server's words.
    expect(FAILURE_CATEGORIES).toContain(f.note);
    expect(f.raw).toBe(response);
  });

  it('names connection trouble and timeouts without a reply code', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:25'), {
      code: 'ESOCKET',
      syscall: 'connect',
    });
    expect(describeFailure(refused)).toMatchObject({ category: 'connection', permanent: false });
    const slow = Object.assign(new Error('Greeting never received'), {
      code: 'ETIMEDOUT',
      timeoutType: 'GREETING_TIMEOUT',
    });
    expect(describeFailure(slow)).toMatchObject({ category: 'timeout', permanent: false });
    expect(describeFailure('something odd')).toMatchObject({ category: 'other', replyCode: null });
  });

  it('keeps the enhanced status code for legal staff', () => {
    expect(describeFailure(smtpError(550, '550 5.1.1 <a@b.example> unknown')).enhancedStatus).toBe(
      '5.1.1',
    );
  });
});
