import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CertificationSubjects as S, ErasePersonalDataDto, PersonalDataErasureResult } from '@banat/contracts';
import { Roles } from '../auth/roles';
import { RpcClient } from '../rpc/rpc-client.service';

/** Erasure on request (GDPR art. 17): the person's key is destroyed; the history keeps its events and hash chain. */
@ApiTags('certification')
@Controller('personal-data')
export class PersonalDataHttpController {
  constructor(private readonly rpc: RpcClient) {}

  @Post('erasure')
  @HttpCode(200)
  @Roles('secretariat')
  @ApiOperation({ summary: "Erase a person's data from the certification history (by person reference or contact): their key is destroyed, reads show the data as erased, the hash chains stay intact" })
  erase(@Body() body: ErasePersonalDataDto) {
    return this.rpc.send<PersonalDataErasureResult>(S.erasePersonalData, body);
  }
}
