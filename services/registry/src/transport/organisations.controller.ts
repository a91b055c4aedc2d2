import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  DeactivateOrganisationDto,
  GetOrganisationDto,
  ImportOrganisationsCsvDto,
  RegisterOrganisationDto,
  RegistrySubjects,
  SearchOrganisationsDto,
  UpdateOrganisationDto,
} from '@banat/contracts';
import { OrganisationsService } from '../application/organisations.service';
import { CsvImportService } from '../application/csv-import.service';

/** NATS request/reply: validated by the global pipe, delegated to the application layer. */
@Controller()
export class OrganisationsController {
  constructor(
    private readonly organisations: OrganisationsService,
    private readonly csvImport: CsvImportService,
  ) {}

  @MessagePattern(RegistrySubjects.register)
  register(@Payload() dto: RegisterOrganisationDto) {
    return this.organisations.register(dto);
  }

  @MessagePattern(RegistrySubjects.update)
  update(@Payload() dto: UpdateOrganisationDto) {
    return this.organisations.update(dto);
  }

  @MessagePattern(RegistrySubjects.get)
  get(@Payload() dto: GetOrganisationDto) {
    return this.organisations.get(dto.id);
  }

  @MessagePattern(RegistrySubjects.search)
  search(@Payload() dto: SearchOrganisationsDto) {
    return this.organisations.searchReply(dto);
  }

  @MessagePattern(RegistrySubjects.deactivate)
  deactivate(@Payload() dto: DeactivateOrganisationDto) {
    return this.organisations.deactivate(dto);
  }

  @MessagePattern(RegistrySubjects.importCsv)
  importCsv(@Payload() dto: ImportOrganisationsCsvDto) {
    return this.csvImport.import(dto.csv);
  }
}
