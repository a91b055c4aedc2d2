/** The programme-wide view: events per country and kind, scheduled and held, against the plans' targets. */
import type { ProgrammeView } from '@banat/contracts';

export type PlanTarget = Readonly<{ kind: string; country: string; count: number }>;
export type Plan = Readonly<{ planId: string; title: string; targets: readonly PlanTarget[] }>;
export type ListedEvent = Readonly<{ kind: string; country: string; planId?: string; endsOn: string }>;

const key = (kind: string, country: string) => `${kind} ${country}`;

/** `today` is the programme's calendar day (Europe/Bucharest): an event is held once its last day is past. */
export function programmeView(plans: readonly Plan[], events: readonly ListedEvent[], today: string): ProgrammeView {
  const tally = (of: readonly ListedEvent[]) => {
    const counts = new Map<string, { scheduled: number; held: number }>();
    for (const e of of) {
      const c = counts.get(key(e.kind, e.country)) ?? { scheduled: 0, held: 0 };
      counts.set(key(e.kind, e.country), { scheduled: c.scheduled + 1, held: c.held + (e.endsOn < today ? 1 : 0) });
    }
    return counts;
  };
  const overall = [...tally(events).entries()].map(([k, c]) => ({ kind: k.split(' ')[0], country: k.split(' ')[1], ...c })).sort((a, b) => key(a.kind, a.country).localeCompare(key(b.kind, b.country)));
  return {
    today,
    plans: plans.map((plan) => {
      const counts = tally(events.filter((e) => e.planId === plan.planId));
      return {
        planId: plan.planId,
        title: plan.title,
        targets: plan.targets.map((t) => {
          const c = counts.get(key(t.kind, t.country)) ?? { scheduled: 0, held: 0 };
          return { kind: t.kind, country: t.country, planned: t.count, ...c, met: c.held >= t.count };
        }),
      };
    }),
    overall,
  };
}
