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

/** Only a suspension or withdrawal still in force can be appealed on a certificate. */
export class NoCertificateDecisionToAppeal extends DomainRuleViolation {
  readonly rule = 'NoCertificateDecisionToAppeal';
  constructor(certificateNumber: string, status: string) {
    super(`certificate ${certificateNumber} is ${status}: only a suspension or withdrawal in force can be appealed`, { certificateNumber, status });
  }
}
