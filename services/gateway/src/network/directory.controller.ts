import { Controller, Get, Param } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { NetworkSubjects } from '@banat/contracts';
import { DirectoryEntryDoc } from '../docs/schemas';
import { RpcClient } from '../rpc/rpc-client.service';
import { uuidParam } from '../http/uuid-param.pipe';

@ApiTags('network')
@Controller('network/directory')
export class NetworkDirectoryHttpController {
  constructor(private readonly rpc: RpcClient) {}

  @Get(':id')
  @ApiOperation({ summary: "The network's entry for an organisation, kept from the registry's integration events" })
  @ApiOkResponse({ type: DirectoryEntryDoc })
  get(@Param('id', uuidParam()) id: string) {
    return this.rpc.send(NetworkSubjects.directoryEntry, { id });
  }
}
