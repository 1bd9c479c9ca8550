import { join } from "node:path";
import { developmentCertificate, loadTls, type TlsMaterial } from "@carter/relay/tls";

export { loadTls, type TlsMaterial };

/**
 * The gateway's development certificate, kept in `<dataDir>/tls` (the relay package's shared
 * helper makes it on first start and reuses it afterwards).
 */
export function developmentTls(dataDir: string): Promise<TlsMaterial> {
  return developmentCertificate(join(dataDir, "tls"), "carter-gateway development");
}
