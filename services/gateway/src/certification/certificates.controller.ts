import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags, OmitType } from '@nestjs/swagger';
import {
  CertificateAsOfDto,
  CertificationSubjects as S,
  CommandResult,
  ConsistentReadDto,
  DecideCertificateAppealDto,
  HistoryEntryView,
  ListPage,
  LodgeCertificateAppealDto,
  RegisterEntryView,
  SearchRegisterDto,
} from '@banat/contracts';
import { Roles } from '../auth/roles';
import { CertificateAsOfDoc, CommandResultDoc, HistoryEntryDoc, RegisterEntryDoc, RegisterPageDoc } from '../docs/schemas';
import { RpcClient } from '../rpc/rpc-client.service';
import { FindingBody, RenewalBody, StatusChangeBody } from './bodies';

class AsOfQuery extends OmitType(CertificateAsOfDto, ['certificateNumber'] as const) {}
class CertificateAppealBody extends OmitType(LodgeCertificateAppealDto, ['certificateNumber'] as const) {}
class CertificateAppealDecisionBody extends OmitType(DecideCertificateAppealDto, ['certificateNumber', 'appealId'] as const) {}

/** Certificates after the grant: the public register, surveillance, suspension, restoration, withdrawal, renewal, appeals. */
@ApiTags('certification')
@Controller()
export class CertificatesHttpController {
  constructor(private readonly rpc: RpcClient) {}

  @Get('register')
  @Roles('public')
  @ApiOperation({ summary: 'The public register: holders granted, suspended, withdrawn or expired, with dates', description: 'Eventually consistent: the register may lag a command just answered; pass the position the command returned as `after` to wait for it.' })
  @ApiOkResponse({ type: RegisterPageDoc })
  register(@Query() query: SearchRegisterDto) {
    return this.rpc.send<ListPage<RegisterEntryView>>(S.searchRegister, query);
  }

  @Get('certificates/:number')
  @Roles('public')
  @ApiOperation({ summary: 'One certificate in the register', description: 'Reads your writes: the answer includes every event of the certificate recorded before the request.' })
  @ApiOkResponse({ type: RegisterEntryDoc })
  certificate(@Param('number') certificateNumber: string, @Query() query: ConsistentReadDto) {
    return this.rpc.send<RegisterEntryView>(S.getCertificate, { ...query, certificateNumber });
  }

  @Get('certificates/:number/as-of')
  @Roles('public')
  @ApiOperation({ summary: 'Status and term of the certificate at a past date or instant, folded from its stream' })
  @ApiOkResponse({ type: CertificateAsOfDoc })
  asOf(@Param('number') certificateNumber: string, @Query() query: AsOfQuery) {
    // The service answers status and term only (no findings, deciders or appeals).
    return this.rpc.send(S.certificateAsOf, { ...query, certificateNumber });
  }

  @Get('certificates/:number/history')
  @Roles('auditor', 'secretariat')
  @ApiOperation({ summary: 'Every recorded event of the certificate\'s stream with actor, role, time, command and hash chain' })
  @ApiOkResponse({ type: [HistoryEntryDoc] })
  history(@Param('number') certificateNumber: string) {
    return this.rpc.send<HistoryEntryView[]>(S.certificateHistory, { certificateNumber });
  }

  @Post('certificates/:number/findings')
  @Roles('secretariat', 'expert')
  @ApiOperation({ summary: 'Record a surveillance finding or a complaint' })
  @ApiCreatedResponse({ type: CommandResultDoc })
  finding(@Param('number') certificateNumber: string, @Body() body: FindingBody) {
    return this.rpc.send<CommandResult>(S.recordFinding, { ...body, certificateNumber });
  }

  @Post('certificates/:number/suspension')
  @HttpCode(200)
  @Roles('decision-maker')
  @ApiOperation({ summary: 'Suspend an active certificate, with the reason (the brand mark goes off the exhibition and the network)' })
  @ApiOkResponse({ type: CommandResultDoc })
  suspend(@Param('number') certificateNumber: string, @Body() body: StatusChangeBody) {
    return this.rpc.send<CommandResult>(S.suspend, { ...body, certificateNumber });
  }

  @Post('certificates/:number/restoration')
  @HttpCode(200)
  @Roles('decision-maker')
  @ApiOperation({ summary: 'Restore a suspended certificate, with the reason' })
  @ApiOkResponse({ type: CommandResultDoc })
  restore(@Param('number') certificateNumber: string, @Body() body: StatusChangeBody) {
    return this.rpc.send<CommandResult>(S.restore, { ...body, certificateNumber });
  }

  @Post('certificates/:number/withdrawal')
  @HttpCode(200)
  @Roles('decision-maker')
  @ApiOperation({ summary: 'Withdraw a certificate, with the reason (the holder may appeal)' })
  @ApiOkResponse({ type: CommandResultDoc })
  withdraw(@Param('number') certificateNumber: string, @Body() body: StatusChangeBody) {
    return this.rpc.send<CommandResult>(S.withdraw, { ...body, certificateNumber });
  }

  @Post('certificates/:number/renewal')
  @HttpCode(200)
  @Roles('decision-maker')
  @ApiOperation({ summary: 'Renew after a granted renewal assessment, within the scheme\'s grace period' })
  @ApiOkResponse({ type: CommandResultDoc })
  renew(@Param('number') certificateNumber: string, @Body() body: RenewalBody) {
    return this.rpc.send<CommandResult>(S.renew, { ...body, certificateNumber });
  }

  @Post('certificates/:number/appeals')
  @Roles('member', 'secretariat')
  @ApiOperation({ summary: 'Appeal the suspension or withdrawal in force, within the scheme\'s deadline; a member only for its own certificate' })
  @ApiCreatedResponse({ type: CommandResultDoc })
  appeal(@Param('number') certificateNumber: string, @Body() body: CertificateAppealBody) {
    return this.rpc.send<CommandResult>(S.lodgeCertificateAppeal, { ...body, certificateNumber });
  }

  @Post('certificates/:number/appeals/:appealId/decision')
  @HttpCode(200)
  @Roles('decision-maker')
  @ApiOperation({ summary: 'Decide an appeal, by people who did not take the appealed decision; upheld restores (or, past its term, expires) the certificate' })
  @ApiOkResponse({ type: CommandResultDoc })
  decideAppeal(@Param('number') certificateNumber: string, @Param('appealId') appealId: string, @Body() body: CertificateAppealDecisionBody) {
    return this.rpc.send<CommandResult>(S.decideCertificateAppeal, { ...body, certificateNumber, appealId });
  }
}
