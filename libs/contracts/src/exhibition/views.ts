/** What the exhibition service answers. */

/** The brand mark as a booth shows it: only while a certificate of the holder is valid. */
export interface BrandMarkView {
  shown: boolean;
  /** The valid certificates behind the mark (empty when it is not shown). */
  certificateNumbers: string[];
  /** Until when the latest of them runs (YYYY-MM-DD). */
  validUntil?: string;
}

export interface BoothView {
  organisationId: string;
  name: Record<string, string>;
  description?: Record<string, string>;
  kind: string;
  country: string;
  region: string;
  website?: string;
  products: { name: Record<string, string>; description?: Record<string, string>; niceClasses: number[] }[];
  /** Every Nice class of the booth's products. */
  niceClasses: number[];
  brandMark: BrandMarkView;
}

export interface ContactRequestView {
  id: string;
  organisationId: string;
  name: string;
  email: string;
  message: string;
  company?: string;
  receivedAt: string;
}

/** The answer to a contact request: what was stored, without what it says (the sender may be anyone naming the same commandId). */
export interface ContactRequestReceipt {
  id: string;
  organisationId: string;
  receivedAt: string;
  /** true: a retry of a request already stored (nothing new was stored). */
  duplicate: boolean;
}
