import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AsyncApiDoc } from './schemas';
import { buildAsyncApiDocument } from '@banat/contracts';

const document = buildAsyncApiDocument();

@ApiTags('partners')
@Controller('asyncapi.json')
export class AsyncApiController {
  @Get()
  @ApiOperation({ summary: 'AsyncAPI 3 document of the public integration events partners may subscribe to' })
  @ApiOkResponse({ type: AsyncApiDoc })
  get() {
    return document;
  }
}
