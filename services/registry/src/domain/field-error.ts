/** A validation error pinned to a field path such as `legalId.value` or `naceCodes[1]`. */
export interface FieldError {
  field: string;
  reason: string;
}
