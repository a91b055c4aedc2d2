import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { buildAsyncApiDocument } from '@banat/contracts';

const document = buildAsyncApiDocument();

@ApiTags('partners')
@Controller('asyncapi.json')
export class AsyncApiController {
  @Get()
  @ApiOperation({ summary: 'AsyncAPI 3 document of the public integration events partners may subscribe to' })
  get() {
    return document;
  }
}
