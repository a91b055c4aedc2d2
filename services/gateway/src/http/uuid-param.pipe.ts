import { ArgumentMetadata, HttpException, HttpStatus, PipeTransform } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { RpcErrorCodes } from '@banat/contracts';

/** A path id that must be a UUID (v4): anything else is a 400 naming the parameter, as body and query errors name theirs. */
export class UuidParamPipe implements PipeTransform<string, string> {
  transform(value: string, { data }: ArgumentMetadata): string {
    if (isUUID(value, '4')) return value;
    const field = data ?? 'id';
    throw new HttpException({ code: RpcErrorCodes.VALIDATION_FAILED, message: 'invalid input', fields: [{ field, reason: `${field} must be a UUID (version 4)` }] }, HttpStatus.BAD_REQUEST);
  }
}

export const uuidParam = () => new UuidParamPipe();
