import { programmeView } from './programme-view';

describe('the programme-wide view', () => {
  const plan = { planId: 'workshops-2026', title: '5 workshops in RO, 5 in RS', targets: [{ kind: 'workshop', country: 'RO', count: 2 }, { kind: 'workshop', country: 'RS', count: 1 }] };
  const events = [
    { kind: 'workshop', country: 'RO', planId: 'workshops-2026', endsOn: '2026-03-10' },
    { kind: 'workshop', country: 'RO', planId: 'workshops-2026', endsOn: '2026-06-10' },
    { kind: 'workshop', country: 'RS', planId: 'workshops-2026', endsOn: '2026-04-30' },
    { kind: 'fair', country: 'RO', endsOn: '2026-04-01' },
    { kind: 'workshop', country: 'RO', planId: 'other', endsOn: '2026-01-10' },
  ];

  it('counts events scheduled and held per country and kind against each target', () => {
    expect(programmeView([plan], events, '2026-05-01').plans).toEqual([
      {
        planId: 'workshops-2026',
        title: '5 workshops in RO, 5 in RS',
        targets: [
          { kind: 'workshop', country: 'RO', planned: 2, scheduled: 2, held: 1, met: false },
          { kind: 'workshop', country: 'RS', planned: 1, scheduled: 1, held: 1, met: true },
        ],
      },
    ]);
  });

  it('an event is held once its last day is past, not on it', () => {
    expect(programmeView([plan], events, '2026-04-30').plans[0].targets[1]).toMatchObject({ held: 0, met: false });
  });

  it('shows every event, planned or not, per kind and country', () => {
    expect(programmeView([], events, '2026-05-01').overall).toEqual([
      { kind: 'fair', country: 'RO', scheduled: 1, held: 1 },
      { kind: 'workshop', country: 'RO', scheduled: 3, held: 2 },
      { kind: 'workshop', country: 'RS', scheduled: 1, held: 1 },
    ]);
  });
});
