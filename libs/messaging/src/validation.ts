import { ValidationError, ValidationPipe, ValidationPipeOptions } from '@nestjs/common';
import { FieldError } from '@banat/contracts';
import { validationFailed } from './rpc-errors';

/** Flattens class-validator's nested errors into `{ field: 'a.b[0].c', reason }`. */
export function fieldErrors(errors: ValidationError[], parent = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const error of errors) {
    const path = /^\d+$/.test(error.property) ? `${parent}[${error.property}]` : parent ? `${parent}.${error.property}` : error.property;
    for (const reason of Object.values(error.constraints ?? {})) out.push({ field: path, reason });
    if (error.children?.length) out.push(...fieldErrors(error.children, path));
  }
  return out;
}

export const validationOptions: ValidationPipeOptions = {
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  forbidUnknownValues: true,
  validationError: { target: false, value: false },
};

/** ValidationPipe whose failures reach the RPC client as a coded error, not "Internal server error". */
export const rpcValidationPipe = () =>
  new ValidationPipe({ ...validationOptions, exceptionFactory: (errors) => validationFailed(fieldErrors(errors)) });
