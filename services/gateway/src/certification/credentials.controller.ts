import { Body, Controller, Get, Headers, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CertificationSubjects as S, CredentialStatusListDto, VerifyCredentialDto } from '@banat/contracts';
import { Roles } from '../auth/roles';
import { CredentialIssuerDoc, SignedCredentialDoc, VerificationDoc } from '../docs/schemas';
import { RpcClient } from '../rpc/rpc-client.service';

const VC_JWT = 'application/vc+jwt';
type Signed = { mediaType: string; credential: string; etag?: string };

/** JSON by default; the bare VC-JWT (application/vc+jwt) to a client that asks for it. */
function answer(res: FastifyReply, accept: string | undefined, signed: Signed) {
  if (!accept?.includes(VC_JWT)) return signed;
  res.type(VC_JWT);
  return signed.credential;
}

/** Certificates as W3C Verifiable Credentials (Open Badges 3.0, VC-JOSE), their issuer's keys, status lists and a verifier. */
@ApiTags('credentials')
@Controller()
export class CredentialsHttpController {
  constructor(private readonly rpc: RpcClient) {}

  @Get('certificates/:number/credential')
  @Roles('public')
  @ApiOperation({ summary: 'The certificate as a verifiable credential (VC-JWT, Open Badges 3.0): about the holder organisation, no personal data', description: 'JSON wrapping the compact JWS by default; send `Accept: application/vc+jwt` for the bare credential. Eventually consistent: issued shortly after the grant or renewal.' })
  @ApiProduces('application/json', VC_JWT)
  @ApiOkResponse({ type: SignedCredentialDoc })
  async credential(@Param('number') certificateNumber: string, @Headers('accept') accept: string | undefined, @Res({ passthrough: true }) res: FastifyReply) {
    return answer(res, accept, await this.rpc.send<Signed>(S.certificateCredential, { certificateNumber }));
  }

  @Get('credentials/issuer')
  @Roles('public')
  @ApiOperation({ summary: "The issuer's public keys: a JWKS and a did:web document naming the same key" })
  @ApiOkResponse({ type: CredentialIssuerDoc })
  issuer() {
    return this.rpc.send(S.credentialIssuer, {});
  }

  @Get('credentials/status/:listId')
  @Roles('public')
  @ApiOperation({ summary: 'A Bitstring Status List credential (purpose message, 2 bits: valid, suspended, withdrawn), re-signed on each change', description: 'Cached for 60 s; revalidate with If-None-Match (ETag). `Accept: application/vc+jwt` for the bare credential.' })
  @ApiProduces('application/json', VC_JWT)
  @ApiOkResponse({ type: SignedCredentialDoc })
  async statusList(
    @Param() params: CredentialStatusListDto,
    @Headers('accept') accept: string | undefined,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    const list = await this.rpc.send<Signed>(S.credentialStatusList, params);
    res.header('ETag', list.etag ?? '');
    res.header('Cache-Control', 'public, max-age=60, must-revalidate');
    if (list.etag && ifNoneMatch?.split(',').some((tag) => tag.trim() === list.etag)) {
      res.status(304);
      return '';
    }
    return answer(res, accept, list);
  }

  @Post('credentials/verify')
  @HttpCode(200)
  @Roles('public')
  @ApiOperation({ summary: 'Verify a certificate credential: signature, issuer, validity dates and status, naming the check that failed' })
  @ApiOkResponse({ type: VerificationDoc })
  verify(@Body() body: VerifyCredentialDto) {
    return this.rpc.send(S.verifyCredential, body);
  }
}
