import { homedir } from "node:os";
import { join } from "node:path";
import { developmentCertificate, type TlsMaterial } from "@carter/relay/tls";

/**
 * The development certificate `carter device --tls` and `carter demo --tls` serve: kept in
 * `$CARTER_TLS_DIR`, else `$XDG_DATA_HOME/carter/tls` (`~/.local/share/carter/tls`), made on first
 * use and reused, so a phone that accepted it once keeps accepting it.
 */
export function cliDevelopmentTls(env: NodeJS.ProcessEnv): Promise<TlsMaterial & { dir: string }> {
  const dir =
    env.CARTER_TLS_DIR || join(env.XDG_DATA_HOME || join(homedir(), ".local", "share"), "carter", "tls");
  return developmentCertificate(dir, "carter development").then((tls) => ({ ...tls, dir }));
}

/** What to tell the user about the certificate. */
export function tlsNotice(tls: TlsMaterial & { dir: string }): string {
  return (
    `development certificate ${tls.generated ? "made" : "kept"} in ${tls.dir}, SHA-256 fingerprint ${tls.fingerprint}\n` +
    "phones warn about it once: check the fingerprint, then accept it (details in the device README)"
  );
}
