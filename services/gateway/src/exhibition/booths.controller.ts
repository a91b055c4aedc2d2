import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { BoothView, ContactRequestBodyDto, ContactRequestReceipt, ContactRequestsPageQueryDto, ContactRequestView, ExhibitionSubjects, Page, SearchBoothsDto } from '@banat/contracts';
import { Roles } from '../auth/roles';
import { PublicSubmission } from '../auth/throttler.guard';
import { BoothDoc, BoothPageDoc, ContactRequestPageDoc, ContactRequestReceiptDoc } from '../docs/schemas';
import { RpcClient } from '../rpc/rpc-client.service';
import { uuidParam } from '../http/uuid-param.pipe';

const organisationId = uuidParam;

@ApiTags('exhibition')
@Controller('exhibition/booths')
export class ExhibitionBoothsHttpController {
  constructor(private readonly rpc: RpcClient) {}

  @Get()
  @ApiOperation({ summary: 'Booths of brand holders: search by name in any script, country, region, Nice class, brand mark shown now; paged' })
  @ApiOkResponse({ type: BoothPageDoc })
  search(@Query() query: SearchBoothsDto) {
    return this.rpc.sendJson<Page<BoothView>>(ExhibitionSubjects.searchBooths, query);
  }

  @Get(':organisationId')
  @ApiOperation({ summary: "A booth, with its brand mark (shown only while a holder's certificate is valid) and the certificates behind it" })
  @ApiOkResponse({ type: BoothDoc })
  get(@Param('organisationId', organisationId()) id: string) {
    return this.rpc.sendJson<BoothView>(ExhibitionSubjects.getBooth, { organisationId: id });
  }

  @Post(':organisationId/contact-requests')
  @PublicSubmission()
  @ApiOperation({ summary: "A buyer's contact request to a booth (public; 404 for an unknown booth). Answers a receipt (id, time), never the request's content; a commandId reused for other content is a 409; at most COMPLAINT_THROTTLE_LIMIT per client address per window" })
  @ApiCreatedResponse({ type: ContactRequestReceiptDoc })
  requestContact(@Param('organisationId', organisationId()) id: string, @Body() body: ContactRequestBodyDto) {
    return this.rpc.send<ContactRequestReceipt>(ExhibitionSubjects.requestContact, { ...body, organisationId: id });
  }

  @Get(':organisationId/contact-requests')
  @Roles('member', 'secretariat')
  @ApiOperation({ summary: "Buyers' contact requests to a booth, newest first (members: own organisation's booth only, else 403 OwnOrganisationOnly; the secretariat any)" })
  @ApiOkResponse({ type: ContactRequestPageDoc })
  listContactRequests(@Param('organisationId', organisationId()) id: string, @Query() query: ContactRequestsPageQueryDto) {
    return this.rpc.send<Page<ContactRequestView>>(ExhibitionSubjects.listContactRequests, { ...query, organisationId: id });
  }
}
