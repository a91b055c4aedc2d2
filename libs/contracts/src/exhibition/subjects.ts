import { rpc } from '../subjects';

/** Request/reply subjects of the exhibition service. */
export const ExhibitionSubjects = {
  searchBooths: rpc('exhibition', 'booth.search'),
  getBooth: rpc('exhibition', 'booth.get'),
  requestContact: rpc('exhibition', 'contact-request.create'),
  listContactRequests: rpc('exhibition', 'contact-request.list'),
  updateBoothPage: rpc('exhibition', 'booth-page.update'),
  moderateBooth: rpc('exhibition', 'booth.moderate'),
  createProduct: rpc('exhibition', 'product.create'),
  updateProduct: rpc('exhibition', 'product.update'),
  getProduct: rpc('exhibition', 'product.get'),
  searchProducts: rpc('exhibition', 'product.search'),
  moderateProduct: rpc('exhibition', 'product.moderate'),
  uploadImage: rpc('exhibition', 'image.upload'),
  getImage: rpc('exhibition', 'image.get'),
  createThemedExhibition: rpc('exhibition', 'theme.create'),
  listThemedExhibitions: rpc('exhibition', 'theme.list'),
  getThemedExhibition: rpc('exhibition', 'theme.get'),
  joinThemedExhibition: rpc('exhibition', 'theme.join'),
} as const;
