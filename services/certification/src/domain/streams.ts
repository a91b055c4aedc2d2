/** Stream names: one stream per application (its appeals included) and one per certificate. */
export const applicationStream = (applicationId: string) => `application-${applicationId}`;
export const certificateStream = (certificateNumber: string) => `certificate-${certificateNumber}`;
