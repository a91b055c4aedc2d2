/** Every way a complaint command can be refused, each with the rule name the transport reports. */
import { DomainRuleViolation } from '../shared/domain-rule-violation';

export class ComplaintNotLodged extends DomainRuleViolation {
  readonly rule = 'ComplaintNotLodged';
  constructor(complaintId: string) {
    super(`no complaint ${complaintId} has been lodged`, { complaintId });
  }
}

export class ComplaintAlreadyLodged extends DomainRuleViolation {
  readonly rule = 'ComplaintAlreadyLodged';
  constructor(complaintId: string) {
    super(`complaint ${complaintId} was already lodged`, { complaintId });
  }
}

/** A complaint is about a certified product or holder: the certificate must have been issued. */
export class ComplaintAboutUnknownCertificate extends DomainRuleViolation {
  readonly rule = 'ComplaintAboutUnknownCertificate';
  constructor(certificateNumber: string) {
    super(`no certificate ${certificateNumber} has been issued`, { certificateNumber });
  }
}

/** The outcome must reach the complainant, so a complaint names who makes it and how to reach them. */
export class ComplainantUnidentified extends DomainRuleViolation {
  readonly rule = 'ComplainantUnidentified';
  constructor() {
    super('a complaint names the complainant and a contact');
  }
}

export class ComplaintAlreadyAcknowledged extends DomainRuleViolation {
  readonly rule = 'ComplaintAlreadyAcknowledged';
  constructor(complaintId: string) {
    super(`complaint ${complaintId} was already acknowledged`, { complaintId });
  }
}

export class ComplaintNotAcknowledged extends DomainRuleViolation {
  readonly rule = 'ComplaintNotAcknowledged';
  constructor(complaintId: string) {
    super(`complaint ${complaintId} must be acknowledged before it is investigated`, { complaintId });
  }
}

/** Whoever decided the grant or the last decision on the certificate may not investigate a complaint about it. */
export class InvestigatorNotIndependent extends DomainRuleViolation {
  readonly rule = 'InvestigatorNotIndependent';
  constructor(investigatorId: string) {
    super(`${investigatorId} took a certification decision on this certificate and may not investigate the complaint`, { investigatorId });
  }
}

export class InvestigatorNotAssigned extends DomainRuleViolation {
  readonly rule = 'InvestigatorNotAssigned';
  constructor(complaintId: string) {
    super(`no investigator is assigned to complaint ${complaintId}`, { complaintId });
  }
}

export class NotTheInvestigator extends DomainRuleViolation {
  readonly rule = 'NotTheInvestigator';
  constructor(actor: string, investigatorId: string) {
    super(`only ${investigatorId}, the assigned investigator, may record the investigation`, { actor, investigatorId });
  }
}

export class ComplaintAlreadyInvestigated extends DomainRuleViolation {
  readonly rule = 'ComplaintAlreadyInvestigated';
  constructor(complaintId: string) {
    super(`the investigation of complaint ${complaintId} is already recorded`, { complaintId });
  }
}

export class ComplaintNotInvestigated extends DomainRuleViolation {
  readonly rule = 'ComplaintNotInvestigated';
  constructor(complaintId: string) {
    super(`complaint ${complaintId} is decided only after its investigation is recorded`, { complaintId });
  }
}

export class ComplaintAlreadyDecided extends DomainRuleViolation {
  readonly rule = 'ComplaintAlreadyDecided';
  constructor(complaintId: string) {
    super(`complaint ${complaintId} was already decided`, { complaintId });
  }
}

/** The decision maker may have neither investigated the complaint nor taken the certification decision it is about. */
export class ComplaintDeciderNotIndependent extends DomainRuleViolation {
  readonly rule = 'ComplaintDeciderNotIndependent';
  constructor(decider: string, involvedAs: 'investigator' | 'certification-decision') {
    super(`${decider} was involved as ${involvedAs === 'investigator' ? 'the investigator' : 'a certification decision maker'} and may not decide the complaint`, { decider, involvedAs });
  }
}
