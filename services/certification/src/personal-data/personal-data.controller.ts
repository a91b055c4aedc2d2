import { Controller } from '@nestjs/common';
import { Ctx, MessagePattern, NatsContext, Payload } from '@nestjs/microservices';
import { requestOf } from '@banat/messaging';
import { CertificationSubjects as S, ErasePersonalDataDto } from '@banat/contracts';
import { PersonalDataVault } from './personal-data-vault';

/** Erasure requests over NATS (secretariat). */
@Controller()
export class PersonalDataController {
  constructor(private readonly vault: PersonalDataVault) {}

  @MessagePattern(S.erasePersonalData) erase(@Payload() dto: ErasePersonalDataDto, @Ctx() ctx: NatsContext) {
    return this.vault.erase(dto, requestOf(ctx));
  }
}
