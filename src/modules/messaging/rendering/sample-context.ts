// Sample data for `templates:preview` and the desk preview endpoint: fictitious, never real.
export function sampleContext(template: string, stage: number): Record<string, unknown> {
  if (template === 'disclosure-notice') {
    return {
      salutationName: 'Sam Sample',
      requestReference: 'DR-2026-0001',
      issuingBody: 'United States District Court for the District of Example',
      caseNumber: '1:26-cv-01234',
      noticeReferences: ['NR-SAMPLE-0001', 'NR-SAMPLE-0002'],
      allowedFields: ['fullName', 'postalAddress'],
      windowEndsAt: '2026-12-23T23:59:59Z',
    };
  }
  if (template === 'challenge-decision') {
    return {
      salutationName: 'Sam Sample',
      challengeReference: 'CH-000001',
      decision: stage % 2 === 1 ? 'upheld' : 'rejected',
      noticeReferences: ['NR-SAMPLE-0001'],
      decidedAt: '2026-12-02T10:15:00Z',
      withdrawnStrikes: 1,
    };
  }
  return {
    salutationName: 'Sam Sample',
    stage,
    strikeCount: stage,
    originalAttached: true,
    challengeUrl: 'https://isp.example/challenge/sample-token',
    challengeDeadline: '2026-12-23T00:00:00Z',
    notices: [
      {
        reference: 'NR-SAMPLE-0001',
        claimant: 'Example Rights Vendor',
        owner: 'Example Pictures',
        items: [
          {
            observedAt: '2026-10-04T21:13:07Z',
            ip: '198.51.100.10',
            port: 51413,
            protocol: 'BitTorrent',
            title: 'Example Film <Director’s cut> & more',
            fileName: 'Example.Film.2026.mkv',
          },
        ],
      },
    ],
  };
}
