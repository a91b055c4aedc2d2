/** Every way a certificate command can be refused, each with the rule name the transport reports. */
import { DomainRuleViolation } from '../shared/domain-rule-violation';

export class CertificateNotIssued extends DomainRuleViolation {
  readonly rule = 'CertificateNotIssued';
  constructor() {
    super('no certificate has been issued on this stream');
  }
}

export class CertificateAlreadyIssued extends DomainRuleViolation {
  readonly rule = 'CertificateAlreadyIssued';
  constructor(certificateNumber: string) {
    super(`certificate ${certificateNumber} was already issued`, { certificateNumber });
  }
}

export class InvalidValidity extends DomainRuleViolation {
  readonly rule = 'InvalidValidity';
  constructor(validFrom: string, validUntil: string) {
    super(`validity from ${validFrom} until ${validUntil} is not a term`, { validFrom, validUntil });
  }
}

/** Withdrawal is final: nothing more happens to a withdrawn certificate. */
export class CertificateWithdrawn extends DomainRuleViolation {
  readonly rule = 'CertificateWithdrawn';
  constructor(certificateNumber: string) {
    super(`certificate ${certificateNumber} has been withdrawn`, { certificateNumber });
  }
}

export class CertificateExpired extends DomainRuleViolation {
  readonly rule = 'CertificateExpired';
  constructor(certificateNumber: string, validUntil: string) {
    super(`certificate ${certificateNumber} was valid until ${validUntil}`, { certificateNumber, validUntil });
  }
}

export class CertificateAlreadySuspended extends DomainRuleViolation {
  readonly rule = 'CertificateAlreadySuspended';
  constructor(certificateNumber: string) {
    super(`certificate ${certificateNumber} is already suspended`, { certificateNumber });
  }
}

export class CertificateNotSuspended extends DomainRuleViolation {
  readonly rule = 'CertificateNotSuspended';
  constructor(certificateNumber: string) {
    super(`certificate ${certificateNumber} is not suspended`, { certificateNumber });
  }
}

export class RenewalOfSuspendedCertificate extends DomainRuleViolation {
  readonly rule = 'RenewalOfSuspendedCertificate';
  constructor(certificateNumber: string) {
    super(`certificate ${certificateNumber} is suspended; restore it before renewing`, { certificateNumber });
  }
}

export class RenewalGracePeriodPassed extends DomainRuleViolation {
  readonly rule = 'RenewalGracePeriodPassed';
  constructor(lastRenewalDay: string) {
    super(`renewal was possible until ${lastRenewalDay}`, { lastRenewalDay });
  }
}

/** A renewal stands on a granted renewal assessment. */
export class RenewalAssessmentNotGranted extends DomainRuleViolation {
  readonly rule = 'RenewalAssessmentNotGranted';
  constructor(applicationId: string, status: string) {
    super(`renewal assessment ${applicationId} is ${status}, not granted`, { applicationId, status });
  }
}

/** The renewal assessment must be of the certificate's holder and scheme. */
export class RenewalAssessmentNotMatching extends DomainRuleViolation {
  readonly rule = 'RenewalAssessmentNotMatching';
  constructor(applicationId: string, mismatch: 'holder' | 'scheme', expected: string, actual: string) {
    super(`renewal assessment ${applicationId} is for ${mismatch} ${actual}, not ${expected}`, { applicationId, mismatch, expected, actual });
  }
}

/** One assessment renews once: not the certificate's own grant, not an earlier renewal's. */
export class RenewalAssessmentAlreadyUsed extends DomainRuleViolation {
  readonly rule = 'RenewalAssessmentAlreadyUsed';
  constructor(applicationId: string) {
    super(`assessment ${applicationId} was already used for this certificate`, { applicationId });
  }
}

/** Only a suspension or withdrawal still in force can be appealed on a certificate. */
export class NoCertificateDecisionToAppeal extends DomainRuleViolation {
  readonly rule = 'NoCertificateDecisionToAppeal';
  constructor(certificateNumber: string, status: string) {
    super(`certificate ${certificateNumber} is ${status}: only a suspension or withdrawal in force can be appealed`, { certificateNumber, status });
  }
}
