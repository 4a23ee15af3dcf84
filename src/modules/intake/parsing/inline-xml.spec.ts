import { findInlineXml, stripPgpArmour } from './inline-xml';
import { decodeQuotedPrintable, extractLinks, repairMojibake } from './text-utils';

const XML = '<Infringement><Case><ID>1</ID></Case></Infringement>';

describe('findInlineXml', () => {
  it.each([
    ['---Start ACNS XML', '---End ACNS XML'],
    ['- ---Start ACNS XML', '- ---End ACNS XML'],
    ['- - ---Start ACNS XML', '- - ---End ACNS XML'],
    ['----- Start ACNS XML -----', '----- End ACNS XML -----'],
  ])('finds XML between %j and %j', (start, end) => {
    const found = findInlineXml(`Hello\n${start}\n${XML}\n${end}\nBye`);
    expect(found?.xml).toBe(XML);
    expect(found?.text).toBe('Hello\nBye');
  });

  it('strips ">" quoting uniformly, nested quoting included', () => {
    const body = [
      'Fwd:',
      '> > Dear ISP',
      '> > <Infringement>',
      '> >  <Case><ID>2</ID></Case>',
      '> > </Infringement>',
      '> > Bye',
    ];
    const found = findInlineXml(body.join('\n'));
    expect(found?.xml).toBe('<Infringement>\n <Case><ID>2</ID></Case>\n</Infringement>');
    expect(found?.text).toBe('Fwd:\n> > Dear ISP\nBye');
  });

  it('finds XML sharing a line with text', () => {
    expect(findInlineXml(`Evidence: ${XML} thanks`)).toEqual({
      xml: XML,
      text: 'Evidence: \n thanks',
    });
  });

  it('ignores an XML declaration that is not followed by an Infringement', () => {
    expect(findInlineXml('<?xml version="1.0"?><rss></rss>')).toBeNull();
  });
});

describe('text helpers', () => {
  it('removes clear-sign armour and dash escapes', () => {
    const signed =
      '-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA1\n\nHi\n- -- sig\n-----BEGIN PGP SIGNATURE-----\nabc\n-----END PGP SIGNATURE-----\n';
    expect(stripPgpArmour(signed)).toBe('Hi\n-- sig');
  });

  it('repairs mojibake but leaves genuine Latin-1 alone', () => {
    expect(repairMojibake('SociÃ©tÃ© â€™')).toEqual({ text: 'Société ’', repaired: true });
    expect(repairMojibake('Café Ã')).toEqual({ text: 'Café Ã', repaired: false });
  });

  it('decodes quoted-printable soft breaks', () => {
    expect(decodeQuotedPrintable('---Start AC=\nNS XML caf=C3=A9')).toBe('---Start ACNS XML café');
  });

  it('collects links without trailing punctuation', () => {
    expect(
      extractLinks('see https://a.example/x. and (https://b.example/y), https://a.example/x'),
    ).toEqual(['https://a.example/x', 'https://b.example/y']);
  });
});
