import type { Model } from 'mongoose';
import { defineProjection, Projection } from '@banat/projections';
import type { ApplicationEvent } from '../domain';
import type { CertificateCommands } from '../application/certificate-commands.service';
import type { CertificateIssuanceDocument } from './certificate-issuance.schema';

type Granted = Extract<ApplicationEvent, { type: 'CertificationGranted' }>;

/**
 * Issues the certificate of every grant. The grant handler already does so at once; this is the
 * guarantee for a crash between the two appends. Same command id, so it never issues twice. Batched,
 * a batch's certificates are issued together, the log and checkpoint written once all are.
 */
export function certificateIssuerProjection(certificates: CertificateCommands, log: Model<CertificateIssuanceDocument>): Projection<Granted> {
  return defineProjection<Granted>({
    name: 'certification-certificate-issuer',
    handles: ['CertificationGranted'],
    models: [log],
    async apply(recorded, ctx) {
      const granted = recorded as unknown as Granted;
      const { commandId, correlationId } = recorded.metadata;
      await ctx.effect(
        () => certificates.issueFor(recorded.streamId, commandId, granted, correlationId),
        async (issued) => void (await ctx.upsertAt(log, recorded.streamId, { $set: { certificateNumber: granted.data.certificateNumber, issuedPosition: issued.position } })),
      );
    },
  });
}
