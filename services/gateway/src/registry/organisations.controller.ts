import { Body, Controller, ForbiddenException, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import {
  DeactivateOrganisationDto,
  ImportOrganisationsCsvDto,
  OrganisationChangesDto,
  OrganisationView,
  Page,
  RegisterOrganisationDto,
  RegistrySubjects,
  SearchOrganisationsDto,
} from '@banat/contracts';
import { IsInt, IsNotEmpty, IsString, MaxLength, Min } from 'class-validator';
import { Type } from 'class-transformer';
import { CurrentUser } from '../auth/current-user.decorator';
import type { Principal } from '../auth/principal';
import { Roles } from '../auth/roles';
import { ImportReportDoc, OrganisationDoc, OrganisationPageDoc } from '../docs/schemas';
import { RpcClient } from '../rpc/rpc-client.service';
import { uuidParam } from '../http/uuid-param.pipe';

class DeactivationBody {
  @ApiProperty({ example: 'merged into another company' }) @IsString() @IsNotEmpty() @MaxLength(500) reason: string;
  @ApiProperty({ description: 'revision the caller last saw (optimistic concurrency)', example: 2 }) @Type(() => Number) @IsInt() @Min(1) expectedRevision: number;
}

/** The CSV import's route: it also reads the CSV itself, sent as text/csv (app.ts). */
export const CSV_IMPORT_PATH = '/api/v1/organisations/import';

@ApiTags('registry')
@Controller('organisations')
export class OrganisationsHttpController {
  constructor(private readonly rpc: RpcClient) {}

  @Post()
  @Roles('secretariat')
  @ApiOperation({ summary: 'Register an organisation (legal identifier checked for its country; a duplicate is a 409 pointing at the existing record)' })
  @ApiCreatedResponse({ type: OrganisationDoc })
  register(@Body() body: RegisterOrganisationDto) {
    return this.rpc.send<OrganisationView>(RegistrySubjects.register, body);
  }

  @Get()
  @ApiOperation({ summary: 'Search by name in any language or script, kind, country, region, sector; paged and sorted' })
  @ApiOkResponse({ type: OrganisationPageDoc })
  search(@Query() query: SearchOrganisationsDto) {
    return this.rpc.sendJson<Page<OrganisationView>>(RegistrySubjects.search, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One organisation (its contact people only to the secretariat, auditors and its own members)' })
  @ApiOkResponse({ type: OrganisationDoc })
  get(@Param('id', uuidParam()) id: string) {
    return this.rpc.sendJson<OrganisationView>(RegistrySubjects.get, { id });
  }

  @Patch(':id')
  @Roles('secretariat', 'member')
  @ApiOperation({ summary: 'Change an organisation at the revision last seen (409 if it changed since); kind, country and legal identifier are fixed. A member changes only its own.' })
  @ApiOkResponse({ type: OrganisationDoc })
  update(@Param('id', uuidParam()) id: string, @Body() body: OrganisationChangesDto, @CurrentUser() user: Principal) {
    if (user.role === 'member' && user.org !== id) throw new ForbiddenException({ code: 'FORBIDDEN', message: 'a member organisation may change only its own record' });
    return this.rpc.send<OrganisationView>(RegistrySubjects.update, { ...body, id });
  }

  @Post(':id/deactivation')
  @Roles('secretariat')
  @HttpCode(200)
  @ApiOperation({ summary: 'Deactivate (nothing is deleted) with a reason, at the revision last seen' })
  @ApiOkResponse({ type: OrganisationDoc })
  deactivate(@Param('id', uuidParam()) id: string, @Body() body: DeactivationBody) {
    const dto: DeactivateOrganisationDto = { id, ...body };
    return this.rpc.send<OrganisationView>(RegistrySubjects.deactivate, dto);
  }

  @Post('import')
  @Roles('secretariat')
  @HttpCode(200)
  @ApiOperation({ summary: 'Bulk import from CSV (JSON `{ csv }`, or the CSV itself as text/csv): a report per row of what was imported and what was refused, and why' })
  @ApiOkResponse({ type: ImportReportDoc })
  importCsv(@Body() body: ImportOrganisationsCsvDto) {
    return this.rpc.send(RegistrySubjects.importCsv, body, { timeoutMs: 120_000 });
  }
}
