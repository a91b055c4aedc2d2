import { UnknownScheme } from '../shared/domain-rule-violation';
import { deciderSpecificationFor } from '../testing/decider-spec';
import type { ApplicationEvent } from './application';
import { applicationDecider, SubmitApplication } from './application.decide';
import {
  ApplicantKindNotEligible,
  ApplicantNotActive,
  ApplicantOutsideEligibleRegions,
  ApplicationAlreadySubmitted,
  CompletenessAlreadyChecked,
  InvalidRegionalRawMaterialShare,
  NoProductsDeclared,
  NotReturnedIncomplete,
  RegionalRawMaterialShareRequired,
  RegionalRawMaterialShareTooLow,
} from './application.errors';
import { allEvidence, applicant, applicationId, by, products, stamp, submitted } from './application.fixtures';

const given = deciderSpecificationFor(applicationDecider);
const applicantUser = by('applicant-user', 'applicant', '2025-01-10T09:00:00.000Z');
const secretariat = by('sec-ana', 'secretariat', '2025-01-12T09:00:00.000Z');

const submit = (change: Partial<SubmitApplication['data']> = {}): SubmitApplication => ({
  type: 'SubmitApplication',
  data: {
    applicationId,
    schemeId: 'made-in-banat',
    applicant: { ...applicant, active: true },
    products,
    declaredRegionalRawMaterialShare: 0.7,
    evidence: allEvidence,
    ...change,
  },
  metadata: applicantUser,
});

describe('submitting an application', () => {
  it('a registered, active organisation of the region submits under the latest scheme version', () => {
    given([]).when(submit()).then([submitted()]);
  });

  it('the registry fact is recorded without its "active" flag, which held only at submission', () => {
    const [event] = applicationDecider.decide(submit(), applicationDecider.initialState());
    expect(event.type === 'ApplicationSubmitted' && event.data.applicant).toEqual(applicant);
  });

  it('an organisation the registry reports inactive is refused', () => {
    given([]).when(submit({ applicant: { ...applicant, active: false } })).thenThrows(ApplicantNotActive);
  });

  it('an organisation outside Timiș and the Banat districts is refused for Made in Banat', () => {
    given([])
      .when(submit({ applicant: { organisationId: 'org-bg', country: 'RS', region: 'RS-00', active: true } }))
      .thenThrows(ApplicantOutsideEligibleRegions, { region: 'RS-00' });
  });

  it('a Serbian organisation from South Banat may apply', () => {
    const southBanat = { organisationId: 'org-pancevo', country: 'RS', region: 'RS-04', active: true };
    expect(applicationDecider.decide(submit({ applicant: southBanat }), applicationDecider.initialState())).toHaveLength(1);
  });

  it('a declared regional raw-material share below the scheme\'s minimum is refused at submission', () => {
    given([]).when(submit({ declaredRegionalRawMaterialShare: 0.5 })).thenThrows(RegionalRawMaterialShareTooLow, { declared: 0.5, required: 0.51 });
    expect(applicationDecider.decide(submit({ declaredRegionalRawMaterialShare: 0.51 }), applicationDecider.initialState())).toHaveLength(1);
  });

  it('Made in Banat needs the declared regional raw-material share', () => {
    given([]).when(submit({ declaredRegionalRawMaterialShare: undefined })).thenThrows(RegionalRawMaterialShareRequired, { required: 0.51 });
  });

  it('an ESCA label is for clusters only, and asks for neither products nor a raw-material share', () => {
    const cluster = { ...applicant, active: true, kind: 'cluster' };
    const label = { schemeId: 'esca-bronze', products: undefined, declaredRegionalRawMaterialShare: undefined, evidence: [] };
    given([]).when(submit({ ...label, applicant: { ...cluster, kind: 'sme' } })).thenThrows(ApplicantKindNotEligible, { kind: 'sme', eligible: ['cluster'] });
    const [event] = applicationDecider.decide(submit({ ...label, applicant: cluster }), applicationDecider.initialState());
    expect(event).toMatchObject({ type: 'ApplicationSubmitted', data: { schemeId: 'esca-bronze', products: [] } });
    expect(event.data).not.toHaveProperty('declaredRegionalRawMaterialShare');
  });

  it('an application without products is refused', () => {
    given([]).when(submit({ products: [] })).thenThrows(NoProductsDeclared);
  });

  it('a raw-material share given in percent instead of a fraction is refused', () => {
    given([]).when(submit({ declaredRegionalRawMaterialShare: 70 })).thenThrows(InvalidRegionalRawMaterialShare);
  });

  it('an unknown scheme is refused', () => {
    given([]).when(submit({ schemeId: 'made-in-nowhere' })).thenThrows(UnknownScheme);
  });

  it('the same application cannot be submitted twice', () => {
    given([submitted()]).when(submit()).thenThrows(ApplicationAlreadySubmitted);
  });
});

describe('the completeness check', () => {
  const check = { type: 'CheckCompleteness', data: { applicationId }, metadata: secretariat } as const;

  it('a file with every required piece of evidence is confirmed complete', () => {
    given([submitted()])
      .when(check)
      .then([{ type: 'CompletenessConfirmed', data: { applicationId, ...stamp('sec-ana', 'secretariat', secretariat.now) } }]);
  });

  it('a file missing evidence is returned incomplete, naming what is missing', () => {
    given([submitted(0.7, [allEvidence[0]])])
      .when(check)
      .then([
        {
          type: 'ApplicationReturnedIncomplete',
          data: {
            applicationId,
            missingEvidence: ['raw-material-origin', 'financial-statement'],
            reason: 'missing required evidence: raw-material-origin, financial-statement',
            ...stamp('sec-ana', 'secretariat', secretariat.now),
          },
        },
      ]);
  });

  it('a returned file, once supplemented, is checked again and confirmed', () => {
    const returned: ApplicationEvent = {
      type: 'ApplicationReturnedIncomplete',
      data: { applicationId, missingEvidence: ['raw-material-origin', 'financial-statement'], reason: 'missing', ...stamp('sec-ana', 'secretariat', secretariat.now) },
    };
    const supplemented: ApplicationEvent = {
      type: 'ApplicationSupplemented',
      data: { applicationId, evidence: allEvidence.slice(1), ...stamp('applicant-user', 'applicant', '2025-01-20T09:00:00.000Z') },
    };
    given([submitted(0.7, [allEvidence[0]]), returned])
      .when({ type: 'SupplementApplication', data: { applicationId, evidence: allEvidence.slice(1) }, metadata: { ...applicantUser, now: '2025-01-20T09:00:00.000Z' } })
      .then([supplemented]);
    given([submitted(0.7, [allEvidence[0]]), returned, supplemented])
      .when(check)
      .then([{ type: 'CompletenessConfirmed', data: { applicationId, ...stamp('sec-ana', 'secretariat', secretariat.now) } }]);
  });

  it('a file already confirmed is not checked again', () => {
    given([submitted(), { type: 'CompletenessConfirmed', data: { applicationId, ...stamp('sec-ana', 'secretariat', secretariat.now) } }])
      .when(check)
      .thenThrows(CompletenessAlreadyChecked);
  });

  it('only a file returned incomplete can be supplemented', () => {
    given([submitted()])
      .when({ type: 'SupplementApplication', data: { applicationId, evidence: [] }, metadata: applicantUser })
      .thenThrows(NotReturnedIncomplete);
  });
});
