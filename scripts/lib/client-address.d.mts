export const CLIENT_ADDRESS_HEADER: string;
