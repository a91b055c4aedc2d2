import { rpc } from '../subjects';

const c = (action: string) => rpc('certification', action);

/** Request/reply subjects of the certification service: commands first, then queries. */
export const CertificationSubjects = {
  submitApplication: c('application.submit'),
  checkCompleteness: c('application.check-completeness'),
  supplementApplication: c('application.supplement'),
  assignExpert: c('application.assign-expert'),
  declareConflictOfInterest: c('application.declare-conflict'),
  submitScores: c('application.submit-scores'),
  completeReview: c('application.complete-review'),
  decide: c('application.decide'),
  lodgeAppeal: c('application.lodge-appeal'),
  decideAppeal: c('application.decide-appeal'),

  recordFinding: c('certificate.record-finding'),
  suspend: c('certificate.suspend'),
  restore: c('certificate.restore'),
  withdraw: c('certificate.withdraw'),
  renew: c('certificate.renew'),
  lodgeCertificateAppeal: c('certificate.lodge-appeal'),
  decideCertificateAppeal: c('certificate.decide-appeal'),

  lodgeComplaint: c('complaint.lodge'),
  acknowledgeComplaint: c('complaint.acknowledge'),
  assignComplaintInvestigator: c('complaint.assign-investigator'),
  recordComplaintInvestigation: c('complaint.record-investigation'),
  decideComplaint: c('complaint.decide'),
  erasePersonalData: c('personal-data.erase'),

  getApplication: c('application.get'),
  listApplications: c('application.list'),
  applicationAsOf: c('application.as-of'),
  applicationHistory: c('application.history'),
  getCertificate: c('certificate.get'),
  searchRegister: c('register.search'),
  certificateAsOf: c('certificate.as-of'),
  certificateHistory: c('certificate.history'),
  getComplaint: c('complaint.get'),
  complaintHistory: c('complaint.history'),
  statistics: c('statistics.get'),
  workload: c('workload.get'),
  schemes: c('schemes.list'),
  projections: c('projections.status'),
  certificateCredential: c('credential.get'),
  credentialIssuer: c('credential.issuer'),
  credentialStatusList: c('credential.status-list'),
  verifyCredential: c('credential.verify'),
} as const;
