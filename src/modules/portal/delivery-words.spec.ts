import { FAILURE_CATEGORIES } from '../messaging/delivery/smtp-failure';
import { deliveryProblem } from './delivery-words';

describe('delivery problems in words', () => {
  it('puts every failure category in words and keeps the code apart', () => {
    for (const c of FAILURE_CATEGORIES) {
      const p = deliveryProblem(c);
      expect([c, p.code]).toEqual([c, c]);
      expect(p.words).not.toContain('_');
      expect(p.words).not.toBe(c);
    }
    expect(deliveryProblem('mailbox_unavailable').words).toBe(
      'The recipient’s mailbox is unavailable',
    );
  });

  it('reads the worker’s own notes and leaves sentences as they are', () => {
    expect(deliveryProblem('load: connection')).toEqual({
      words:
        'Could not be prepared for sending (our mail server could not be reached); it waits to be sent again',
      code: 'load: connection',
    });
    expect(deliveryProblem('compose failed (TypeError)').code).toBe('compose failed (TypeError)');
    const sentence = 'send interrupted after the message was handed to SMTP; outcome unknown';
    expect(deliveryProblem(sentence)).toEqual({ words: sentence, code: null });
    expect(deliveryProblem(null)).toEqual({ words: '', code: null });
  });
});
