import {
  ApplicationEvent,
  applicationStream,
  CertificateEvent,
  certificateStream,
  certificationDecisionMakers,
  evolveApplication,
  evolveCertificate,
  initialApplicationState,
  initialCertificateState,
} from '../domain';
import type { StreamCommands } from './stream-commands';

/** Everyone ever involved with a certificate and the file it was granted on, read from their streams: none may judge a complaint or an appeal about it. */
export async function involvedWithCertificate(streams: StreamCommands, certificateNumber: string): Promise<string[]> {
  const certificate = (await streams.read(certificateStream(certificateNumber))) as unknown as CertificateEvent[];
  const applicationId = certificate.reduce(evolveCertificate, initialCertificateState()).applicationId;
  const file = applicationId
    ? ((await streams.read(applicationStream(applicationId))) as unknown as ApplicationEvent[]).reduce(evolveApplication, initialApplicationState())
    : undefined;
  return certificationDecisionMakers(file, certificate);
}
