import type { Model } from 'mongoose';
import { defineProjection, Projection } from '@banat/projections';
import type { ApplicationEvent, CertificateEvent } from '../domain';
import type { Outcome, SchemeStatisticsDocument, StatisticsSubjectDocument } from './scheme-statistics.schema';

type Counted = ApplicationEvent | CertificateEvent;

const OUTCOME_OF: Partial<Record<Counted['type'], Outcome>> = {
  ApplicationSubmitted: 'submitted',
  CertificationGranted: 'granted',
  CertificationRefused: 'refused',
  CertificateSuspended: 'suspended',
  CertificateRestored: 'restored',
  CertificateWithdrawn: 'withdrawn',
  CertificateExpired: 'expired',
  CertificateRenewed: 'renewed',
};

const subjectKey = (event: Counted): string =>
  'certificateNumber' in event.data && event.type.startsWith('Certificate') ? `certificate:${event.data.certificateNumber}` : `application:${(event.data as { applicationId: string }).applicationId}`;

/** Decisions and certificate steps counted per scheme, country and region (a set-aside refusal stays counted as a refusal). */
export function schemeStatisticsProjection(statistics: Model<SchemeStatisticsDocument>, subjects: Model<StatisticsSubjectDocument>): Projection<Counted> {
  return defineProjection<Counted>({
    name: 'certification-scheme-statistics',
    handles: ['ApplicationSubmitted', 'CertificationGranted', 'CertificationRefused', 'CertificateIssued', 'CertificateSuspended', 'CertificateRestored', 'CertificateWithdrawn', 'CertificateExpired', 'CertificateRenewed'],
    models: [statistics, subjects],
    async apply(recorded, ctx) {
      const event = recorded as unknown as Counted;
      if (event.type === 'ApplicationSubmitted' || event.type === 'CertificateIssued') {
        const holder = event.type === 'ApplicationSubmitted' ? event.data.applicant : event.data.holder;
        await ctx.upsertAt(subjects, subjectKey(event), { $set: { schemeId: event.data.schemeId, country: holder.country, region: holder.region } });
      }
      const outcome = OUTCOME_OF[event.type];
      if (!outcome) return;
      const subject = await ctx.read(subjects, subjectKey(event));
      if (!subject) throw new Error(`statistics: no scheme known for ${subjectKey(event)}`);
      const { schemeId, country, region } = subject;
      await ctx.upsertAt(statistics, `${schemeId}|${country}|${region}`, { $set: { schemeId, country, region }, $inc: { [outcome]: 1 } });
    },
  });
}
