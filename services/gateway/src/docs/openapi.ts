import type { INestApplication } from '@nestjs/common';
import { ApiBody, DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { API_KEY_HEADER } from '../auth/api-keys';
import { ErrorBody, NoBodyDoc } from './schemas';

/** Documents a command that reads no body: none is needed, and whatever is sent is ignored. */
export const ApiNoBody = () => ApiBody({ type: NoBodyDoc, required: false, description: 'None: the path names what the command acts on; a body sent is ignored' });

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
const error = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorBody' } } } });

/** The errors an operation can answer, each with the one error body; what an operation documents itself is kept. */
function errorsOf(path: string, method: string, isPublic: boolean, hasInput: boolean): Record<string, ReturnType<typeof error>> {
  const command = method !== 'get';
  const outsideApi = !path.startsWith('/api/');
  return {
    ...(hasInput ? { 400: error('VALIDATION_FAILED: the fields the caller got wrong, each once') } : {}),
    ...(isPublic ? {} : { 401: error('UNAUTHENTICATED: no, a forged or an expired token or API key'), 403: error('FORBIDDEN: the role (or organisation) may not do this') }),
    ...(path.includes('{') ? { 404: error('NOT_FOUND') } : {}),
    ...(command ? { 409: error('CONFLICT: changed since expectedRevision, or a duplicate'), 413: error('the body is larger than HTTP_BODY_LIMIT'), 415: error('the body is not JSON: Content-Type application/json is required'), 422: error('RULE_VIOLATED: refused by a named rule') } : {}),
    ...(outsideApi ? {} : { 429: error('RATE_LIMITED: too many requests; retry later') }),
    ...(outsideApi || path.endsWith('/asyncapi.json') ? {} : { 503: error('UNAVAILABLE: the service behind it did not answer') }),
  };
}

/**
 * The OpenAPI document: security schemes, the roles of each operation (from @Roles, as `x-roles`,
 * in its description and its security), and every error response with the error body.
 */
export function buildOpenApi(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Made in Banat platform API')
    .setDescription(
      'Registry, certification, network, events and exhibition of the cross-border regional brand programme (Romania–Serbia–Hungary). ' +
        'A GET of one application or certificate reads your writes; lists are eventually consistent (pass a command\'s `position` as `after` to wait for it).',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'sub = actor, role = one of the programme roles, org = a member\'s organisation' }, 'bearer')
    .addApiKey({ type: 'apiKey', in: 'header', name: API_KEY_HEADER, description: 'A partner API key (role partner)' }, 'api-key')
    .build();
  const document = SwaggerModule.createDocument(app, config, { extraModels: [ErrorBody] });
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method] as (typeof item)['get'] & { 'x-roles'?: string[] };
      if (!operation) continue;
      const roles = operation['x-roles'] ?? ['public'];
      const isPublic = roles.includes('public');
      operation['x-roles'] = roles;
      operation.security = isPublic ? [] : [{ bearer: [] }, ...(roles.includes('partner') ? [{ 'api-key': [] }] : [])];
      operation.description = [`Roles: ${roles.join(', ')}.`, operation.description].filter(Boolean).join(' ');
      const hasInput = (operation.parameters?.length ?? 0) > 0 || operation.requestBody !== undefined;
      operation.responses = { ...errorsOf(path, method, isPublic, hasInput), ...operation.responses };
      // An error an operation names itself (its rules, say) still answers the one error body.
      for (const [status, response] of Object.entries(operation.responses)) {
        if (response && /^[45]/.test(status) && !('$ref' in response) && !response.content) operation.responses[status] = { ...response, content: error('').content };
      }
    }
  }
  return document;
}
