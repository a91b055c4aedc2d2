import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { CertificationSubjects as S, ErasePersonalDataDto } from '@banat/contracts';
import { PersonalDataVault } from './personal-data-vault';

/** Erasure requests over NATS (secretariat). */
@Controller()
export class PersonalDataController {
  constructor(private readonly vault: PersonalDataVault) {}

  @MessagePattern(S.erasePersonalData) erase(@Payload() dto: ErasePersonalDataDto) {
    return this.vault.erase(dto);
  }
}
