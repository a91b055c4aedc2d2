import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  CertificateStatusChangeDto,
  CertificationSubjects as S,
  DecideCertificateAppealDto,
  LodgeCertificateAppealDto,
  RecordFindingDto,
  RenewCertificateDto,
} from '@banat/contracts';
import { CertificateCommands } from '../application/certificate-commands.service';

/** Certificate commands over NATS. Issuing and expiry are the service's own, so they have no subject. */
@Controller()
export class CertificateCommandsController {
  constructor(private readonly commands: CertificateCommands) {}

  @MessagePattern(S.recordFinding) recordFinding(@Payload() dto: RecordFindingDto) {
    return this.commands.recordFinding(dto);
  }
  @MessagePattern(S.suspend) suspend(@Payload() dto: CertificateStatusChangeDto) {
    return this.commands.suspend(dto);
  }
  @MessagePattern(S.restore) restore(@Payload() dto: CertificateStatusChangeDto) {
    return this.commands.restore(dto);
  }
  @MessagePattern(S.withdraw) withdraw(@Payload() dto: CertificateStatusChangeDto) {
    return this.commands.withdraw(dto);
  }
  @MessagePattern(S.renew) renew(@Payload() dto: RenewCertificateDto) {
    return this.commands.renew(dto);
  }
  @MessagePattern(S.lodgeCertificateAppeal) lodgeAppeal(@Payload() dto: LodgeCertificateAppealDto) {
    return this.commands.lodgeAppeal(dto);
  }
  @MessagePattern(S.decideCertificateAppeal) decideAppeal(@Payload() dto: DecideCertificateAppealDto) {
    return this.commands.decideAppeal(dto);
  }
}
