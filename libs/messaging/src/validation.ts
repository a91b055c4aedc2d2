import { ValidationError, ValidationPipe, ValidationPipeOptions } from '@nestjs/common';
import { getMetadataStorage, ValidatorOptions, ValidationTypes } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';
import { FieldError } from '@banat/contracts';
import { validationFailed } from './rpc-errors';

const childPath = (parent: string, property: string) => (/^\d+$/.test(property) ? `${parent}[${property}]` : parent ? `${parent}.${property}` : property);

/** Flattens class-validator's nested errors into `{ field: 'a.b[0].c', reason }`: one entry per field, its reasons joined. */
export function fieldErrors(errors: ValidationError[], parent = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const error of errors) {
    const path = childPath(parent, error.property);
    const reasons = Object.values(error.constraints ?? {});
    if (reasons.length) out.push({ field: path, reason: reasons.join('; ') });
    if (error.children?.length) out.push(...fieldErrors(error.children, path));
  }
  return out;
}

type MetadataStorage = ReturnType<typeof getMetadataStorage>;
const memoized = new WeakSet<MetadataStorage>();

/**
 * class-validator looks up a class's validation metadata on every validation, scanning every
 * decorated class of the process for its ancestors and grouping the result by property (4-5% of the
 * command path's profile). That metadata only changes when a decorator registers more, so it is
 * kept per class and options, and dropped whenever anything is registered. Validation with groups
 * is not memoized. Same metadata, same order, same errors.
 */
export function memoizeValidationMetadata(storage: MetadataStorage = getMetadataStorage()): void {
  if (memoized.has(storage)) return;
  memoized.add(storage);
  let byTarget = new WeakMap<Function, Map<string, ValidationMetadata[]>>();
  let grouped = new WeakMap<ValidationMetadata[], Record<string, ValidationMetadata[]>>();
  const forget = () => {
    byTarget = new WeakMap();
    grouped = new WeakMap();
  };
  for (const register of ['addValidationSchema', 'addValidationMetadata', 'addConstraintMetadata'] as const) {
    const original = storage[register] as (this: MetadataStorage, arg: never) => void;
    storage[register] = function (this: MetadataStorage, arg: never) {
      forget();
      return original.call(this, arg);
    } as never;
  }
  const lookUp = storage.getTargetValidationMetadatas;
  const group = storage.groupByPropertyName;
  storage.getTargetValidationMetadatas = function (this: MetadataStorage, target, schema, always, strictGroups, groups) {
    if ((groups && groups.length) || typeof target !== 'function') return lookUp.call(this, target, schema, always, strictGroups, groups);
    const key = `${schema ?? ''}\u0000${always}\u0000${strictGroups}`;
    let forTarget = byTarget.get(target);
    if (!forTarget) byTarget.set(target, (forTarget = new Map()));
    let metadatas = forTarget.get(key);
    if (!metadatas) {
      forTarget.set(key, (metadatas = lookUp.call(this, target, schema, always, strictGroups, groups)));
      grouped.set(metadatas, group.call(this, metadatas));
    }
    return metadatas;
  };
  storage.groupByPropertyName = function (this: MetadataStorage, metadatas) {
    return grouped.get(metadatas) ?? group.call(this, metadatas);
  };
}

/** Each validated property of a class with its validation types: fixed once the class is loaded, so looked up once (the lookup showed in the command path's profile). */
const propertiesByClass = new WeakMap<Function, Map<string, string[]>>();
function validatedProperties(target: Function): Map<string, string[]> {
  let byProperty = propertiesByClass.get(target);
  if (!byProperty) {
    byProperty = new Map<string, string[]>();
    for (const m of getMetadataStorage().getTargetValidationMetadatas(target, '', true, false)) byProperty.set(m.propertyName, [...(byProperty.get(m.propertyName) ?? []), m.type]);
    propertiesByClass.set(target, byProperty);
  }
  return byProperty;
}

/**
 * Required properties (validated, not @IsOptional) that the object lacks, nested objects included:
 * class-validator says nothing of a missing nested object and something odd of a missing value.
 */
export function missingFields(object: unknown, parent = ''): string[] {
  if (object === null || typeof object !== 'object') return [];
  if (Array.isArray(object)) return object.flatMap((item, i) => missingFields(item, `${parent}[${i}]`));
  const missing: string[] = [];
  for (const [property, types] of validatedProperties(object.constructor)) {
    const value = (object as Record<string, unknown>)[property];
    const path = childPath(parent, property);
    if (value === undefined || value === null) {
      if (!types.includes(ValidationTypes.CONDITIONAL_VALIDATION)) missing.push(path);
    } else if (types.includes(ValidationTypes.NESTED_VALIDATION)) {
      missing.push(...missingFields(value, path));
    }
  }
  return missing;
}

/** The errors with every missing field reported once, as missing, instead of what its validators made of `undefined`. */
function withMissing(errors: ValidationError[], missing: Set<string>, parent = ''): ValidationError[] {
  return errors
    .filter((e) => !missing.has(childPath(parent, e.property)))
    .map((e) => ({ ...e, children: withMissing(e.children ?? [], missing, childPath(parent, e.property)) }));
}

/** A ValidationPipe that names every missing required field at once (`legalId is required`), each field once. */
export class FieldValidationPipe extends ValidationPipe {
  protected override async validate(object: object, validatorOptions?: ValidatorOptions): Promise<ValidationError[]> {
    const errors = await super.validate(object, validatorOptions);
    const missing = missingFields(object);
    if (missing.length === 0) return errors;
    const required = missing.map((field): ValidationError => ({ property: field, children: [], constraints: { isDefined: `${field} is required` } }));
    return [...required, ...withMissing(errors, new Set(missing))];
  }
}

export const validationOptions: ValidationPipeOptions = {
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  forbidUnknownValues: true,
  validationError: { target: false, value: false },
};

/** ValidationPipe whose failures reach the RPC client as a coded error, not "Internal server error". */
export const rpcValidationPipe = () => {
  memoizeValidationMetadata();
  return new FieldValidationPipe({ ...validationOptions, exceptionFactory: (errors) => validationFailed(fieldErrors(errors)) });
};
