import { Controller } from '@nestjs/common';
import { Ctx, MessagePattern, NatsContext, Payload } from '@nestjs/microservices';
import { requestOf } from '@banat/messaging';
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

  @MessagePattern(S.recordFinding) recordFinding(@Payload() dto: RecordFindingDto, @Ctx() ctx: NatsContext) {
    return this.commands.recordFinding(dto, requestOf(ctx));
  }
  @MessagePattern(S.suspend) suspend(@Payload() dto: CertificateStatusChangeDto, @Ctx() ctx: NatsContext) {
    return this.commands.suspend(dto, requestOf(ctx));
  }
  @MessagePattern(S.restore) restore(@Payload() dto: CertificateStatusChangeDto, @Ctx() ctx: NatsContext) {
    return this.commands.restore(dto, requestOf(ctx));
  }
  @MessagePattern(S.withdraw) withdraw(@Payload() dto: CertificateStatusChangeDto, @Ctx() ctx: NatsContext) {
    return this.commands.withdraw(dto, requestOf(ctx));
  }
  @MessagePattern(S.renew) renew(@Payload() dto: RenewCertificateDto, @Ctx() ctx: NatsContext) {
    return this.commands.renew(dto, requestOf(ctx));
  }
  @MessagePattern(S.lodgeCertificateAppeal) lodgeAppeal(@Payload() dto: LodgeCertificateAppealDto, @Ctx() ctx: NatsContext) {
    return this.commands.lodgeAppeal(dto, requestOf(ctx));
  }
  @MessagePattern(S.decideCertificateAppeal) decideAppeal(@Payload() dto: DecideCertificateAppealDto, @Ctx() ctx: NatsContext) {
    return this.commands.decideAppeal(dto, requestOf(ctx));
  }
}
