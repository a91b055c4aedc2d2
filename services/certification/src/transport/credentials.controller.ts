import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { CertificationSubjects as S, CredentialStatusListDto, GetCertificateDto, VerifyCredentialDto } from '@banat/contracts';
import { CredentialIssuer } from '../credentials/credential-issuer';

/** The certificates as verifiable credentials: each one, the issuer's keys, the status lists, and verification. */
@Controller()
export class CredentialsController {
  constructor(private readonly issuer: CredentialIssuer) {}

  @MessagePattern(S.certificateCredential) credential(@Payload() dto: GetCertificateDto) {
    return this.issuer.credentialOf(dto.certificateNumber);
  }
  @MessagePattern(S.credentialIssuer) keys() {
    return this.issuer.keys();
  }
  @MessagePattern(S.credentialStatusList) statusList(@Payload() dto: CredentialStatusListDto) {
    return this.issuer.statusList(dto.listId);
  }
  @MessagePattern(S.verifyCredential) verify(@Payload() dto: VerifyCredentialDto) {
    return this.issuer.verify(dto.credential);
  }
}
