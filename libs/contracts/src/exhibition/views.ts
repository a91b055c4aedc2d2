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

/** What an exhibitor wrote on its booth. */
export interface BoothPageView {
  organisationId: string;
  description?: Record<string, string>;
  contacts: { email?: string; phone?: string; website?: string };
  logoImageId?: string;
  /** 0 for a booth page never written. */
  revision: number;
  hidden: boolean;
}

export interface ProductPageView {
  id: string;
  organisationId: string;
  name: Record<string, string>;
  description?: Record<string, string>;
  niceClasses: number[];
  imageIds: string[];
  hidden: boolean;
  revision: number;
  updatedAt: string;
}

/** A product page as the public sees it, with its booth's name, place and brand mark. */
export interface PublicProductView extends ProductPageView {
  booth: { organisationId: string; name: Record<string, string>; country: string; region: string; brandMark: BrandMarkView };
}

/** A booth with what its exhibitor wrote and its product pages (public read). */
export interface BoothWithPagesView extends BoothView {
  page: BoothPageView;
  productPages: ProductPageView[];
}

export interface ImageView {
  id: string;
  organisationId: string;
  contentType: string;
  size: number;
  /** SHA-256 of the bytes (hex): the HTTP ETag. */
  etag: string;
}

export interface ImageContentView extends ImageView {
  /** base64 */
  data: string;
}

export interface ThemedExhibitionView {
  id: string;
  title: Record<string, string>;
  kind: 'category' | 'season';
  niceClass?: number;
  startsOn: string;
  endsOn: string;
  /** Open today (Europe/Bucharest). */
  current: boolean;
  participants: string[];
  createdAt: string;
}
