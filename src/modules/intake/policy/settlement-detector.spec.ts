import { detectSettlementDemand } from './settlement-detector';

// A labelled set written for this project: sentences that demand money, a settlement or
// personal information, and sentences that only mention such things (tips, reassurances,
// ordinary notice wording). The screen must flag the first kind and pass the second.
const DEMANDS = [
  'To settle this matter for $300 visit our website.',
  'You must pay a fine of $150 within 10 days.',
  "Please provide the subscriber's name and address to us.",
  'Pay $250 now to avoid further legal action.',
  'A settlement amount of $500 is offered if you respond within 14 days.',
  'You can resolve this claim by paying USD 199 at the link below.',
  'Remit 300 dollars to close this case.',
  'We offer you a settlement of this claim for a one-time payment.',
  'Send us your full name and postal address so we can contact you directly.',
  'Reply with your name and phone number within seven days.',
  'Payment of €120 is due within 30 days of this notice.',
  'Click the link below and pay the settlement fee.',
  'Avoid a lawsuit by paying the amount stated in this letter.',
  'Pay online at our secure portal using your case number.',
  'Our client is prepared to settle the claim for $400.',
  'To close this matter, wire $350 to the account below.',
  'Confirm your identity and date of birth by return e-mail.',
  'The subscriber should pay $75 to our client within two weeks.',
  'You may pay by credit card or PayPal.',
  'Enter your credit card details on the form to close the case.',
  'A penalty of £200 applies and can be paid today.',
  'Submit $99 through the link to dispose of this matter.',
  'We request the subscriber’s contact details for our records.',
  'Please tell us your home address and telephone number.',
  'Settlement offer: 150 USD, valid for ten days.',
  'Our settlement proposal is attached; accept it to end this dispute.',
  'Your case can be closed for $200 if paid this week.',
  'Damages of $1,500 will be sought unless you pay $300 now.',
  'Please forward us the account holder’s full name.',
  'You will need to pay the amount shown to resolve this matter.',
  'Make a payment of CAD 250 through our website.',
  'Pay now to avoid court.',
  'We need your name and address to finalise this.',
  'Resolve your case today with a payment of 99 euros.',
  'The infringement may be settled by paying $280.',
  'Pay here: follow the instructions on the case page.',
  'Settle the case now and no further action will follow.',
  'Identify yourself by replying to this message with your details.',
  'Provide us with your e-mail address and full name.',
  'Payment via bitcoin is accepted for the settlement amount.',
  'Avoid prosecution if you transfer the fee before Friday.',
  'The fee of $60 must be paid using a gift card.',
];

const MENTIONS = [
  'Never give your credit card number to anyone who contacts you about this notice.',
  'You are not required to pay anything in response to this notice.',
  'This notice does not ask you for payment or personal information.',
  'We will not ask for your name or address.',
  'Beware of scams asking you to pay to settle copyright claims.',
  'Please remove the infringing file from your computer.',
  'The work "The Long Road Home" was shared using BitTorrent.',
  'Secure your Wi-Fi network with a strong password.',
  'If you believe this notice is in error, you may challenge it.',
  'Our client owns the copyright in the work identified below.',
  'We have a good faith belief that this use is not authorised.',
  'Under penalty of perjury, the information in this notice is accurate.',
  'The file was observed at 2026-10-04T21:13:07Z from the address below.',
  'Tip: online stores that ask for credit card details by e-mail are often fraudulent.',
  'Legal streaming services are listed on our website.',
  'The internet provider has not disclosed your identity to us.',
  'No settlement is offered or sought by this notice.',
  'Do not send us your personal details.',
  'You do not have to provide your name, address or phone number.',
  'Remove the P2P client if you do not use it.',
  'Contact your internet provider if you have questions about this notice.',
  'Nothing in this notice requires you to pay money.',
  'The hash of the file is listed in the evidence section.',
  'Please cease and desist from sharing this work.',
  'The title of the work is "Payday Settlement", a feature film.',
  'This message was sent on behalf of Northbridge Pictures LLC.',
  'A court order is needed before anyone learns who you are.',
  'Your provider forwards this notice without verifying it.',
  'Phishing e-mails may ask you to pay a fine; ignore them.',
  'The evidence includes the IP address, port and time of the observation.',
  'We monitor peer-to-peer networks for copies of our client’s works.',
  'Downloading or sharing films without permission infringes copyright.',
  'The infringing file name was Road.Home.2026.1080p.mkv.',
  'You can learn more about copyright at the government’s website.',
  'This is an educational notice; no action other than removal is requested.',
  'Keep your router’s firmware up to date.',
  'The notice identifies the work, the time and the protocol used.',
  'It is not a bill and nobody will ask you for payment.',
  'Parents may wish to check which programs run on shared computers.',
  'The rights holder may take further steps as the law allows.',
  'We cannot see your name or address; only your provider can.',
  'The observation lasted several minutes.',
];

describe('settlement screen: demands vs mentions (VA-2)', () => {
  it('reaches precision and recall of at least 0.95 on the labelled set', () => {
    expect(DEMANDS.length).toBeGreaterThanOrEqual(40);
    expect(MENTIONS.length).toBeGreaterThanOrEqual(40);
    const flagged = (s: string) => detectSettlementDemand(s, []).length > 0;
    const missed = DEMANDS.filter((s) => !flagged(s));
    const wrong = MENTIONS.filter((s) => flagged(s));
    const tp = DEMANDS.length - missed.length;
    const precision = tp / (tp + wrong.length);
    const recall = tp / DEMANDS.length;
    // Printed on purpose: the figure the issue asks for.
    console.log(
      `settlement screen: precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)} ` +
        `(${DEMANDS.length} demands, ${MENTIONS.length} mentions)` +
        (missed.length + wrong.length > 0
          ? `\nmissed: ${missed.join(' | ')}\nwrong: ${wrong.join(' | ')}`
          : ''),
    );
    expect(precision).toBeGreaterThanOrEqual(0.95);
    expect(recall).toBeGreaterThanOrEqual(0.95);
  });

  it('flags a payment link', () => {
    expect(detectSettlementDemand('', ['https://settle.example/pay?case=1'])).toEqual([
      { kind: 'link', excerpt: 'https://settle.example/pay?case=1' },
    ]);
  });
});
