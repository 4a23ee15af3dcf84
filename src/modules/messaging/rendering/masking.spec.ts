import { MASK, sha256Hex, unmask } from './masking';

describe('unmask', () => {
  const parts = {
    subject: `Notice for ${MASK.name}`,
    text: `Dear ${MASK.name},\nChallenge: ${MASK.challengeUrl}\nBye ${MASK.name}`,
    html: `<p>Dear ${MASK.name},</p><a href="${MASK.challengeUrl}">challenge</a>`,
  };

  it('puts every placeholder back, raw in text and escaped as Handlebars does in HTML', () => {
    const out = unmask(parts, {
      name: `Zoë O'Hara & <Sons>`,
      challengeUrl: 'https://isp.example/challenge/a.b.c=',
    });
    expect(out.subject).toBe(`Notice for Zoë O'Hara & <Sons>`);
    expect(out.text).toBe(
      `Dear Zoë O'Hara & <Sons>,\nChallenge: https://isp.example/challenge/a.b.c=\nBye Zoë O'Hara & <Sons>`,
    );
    expect(out.html).toBe(
      '<p>Dear Zoë O&#x27;Hara &amp; &lt;Sons&gt;,</p><a href="https://isp.example/challenge/a.b.c&#x3D;">challenge</a>',
    );
  });

  it('leaves the link placeholder when there is no link, and hashes as sha256 hex', () => {
    const out = unmask(parts, { name: 'A', challengeUrl: null });
    expect(out.text).toContain(MASK.challengeUrl);
    expect(sha256Hex('abc')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });
});
