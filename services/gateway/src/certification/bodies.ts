import { OmitType } from '@nestjs/swagger';
import {
  AssignExpertDto,
  CertificateStatusChangeDto,
  CheckCompletenessDto,
  CompleteReviewDto,
  DecideAppealDto,
  DecideApplicationDto,
  DeclareConflictOfInterestDto,
  LodgeAppealDto,
  RecordFindingDto,
  RenewCertificateDto,
  SubmitScoresDto,
  SupplementApplicationDto,
} from '@banat/contracts';

/** HTTP bodies: the command DTOs without the id the path already carries (validators kept). */
export class CompletenessBody extends OmitType(CheckCompletenessDto, ['applicationId'] as const) {}
export class SupplementBody extends OmitType(SupplementApplicationDto, ['applicationId'] as const) {}
export class AssignExpertBody extends OmitType(AssignExpertDto, ['applicationId'] as const) {}
export class ConflictDeclarationBody extends OmitType(DeclareConflictOfInterestDto, ['applicationId'] as const) {}
export class ScoresBody extends OmitType(SubmitScoresDto, ['applicationId'] as const) {}
export class ReviewBody extends OmitType(CompleteReviewDto, ['applicationId'] as const) {}
export class DecisionBody extends OmitType(DecideApplicationDto, ['applicationId'] as const) {}
export class AppealBody extends OmitType(LodgeAppealDto, ['applicationId'] as const) {}
export class AppealDecisionBody extends OmitType(DecideAppealDto, ['applicationId', 'appealId'] as const) {}
export class FindingBody extends OmitType(RecordFindingDto, ['certificateNumber'] as const) {}
export class StatusChangeBody extends OmitType(CertificateStatusChangeDto, ['certificateNumber'] as const) {}
export class RenewalBody extends OmitType(RenewCertificateDto, ['certificateNumber'] as const) {}
