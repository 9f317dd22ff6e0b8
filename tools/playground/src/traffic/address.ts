/** Where something listens on this machine. */
export interface Address {
  readonly host: string;
  readonly port: number;
}

export function formatAddress(address: Address): string {
  return `${address.host}:${address.port}`;
}
