/**
 * EU Login reports Commission staff by their e-mail domain; the platform gives the Commission
 * role to the addresses a configured list names. An entry is an address (`a.b@ec.europa.eu`),
 * a domain (`ec.europa.eu`, that domain only) or a leading-dot suffix (`.europa.eu`, any
 * subdomain of it).
 */
export type CommissionRule = (email: string) => boolean;

export function commissionRule(entries: readonly string[]): CommissionRule {
  const addresses = new Set<string>();
  const domains = new Set<string>();
  const suffixes: string[] = [];
  for (const raw of entries) {
    const entry = raw.trim().toLowerCase();
    if (!entry) continue;
    if (entry.includes('@')) addresses.add(entry);
    else if (entry.startsWith('.')) suffixes.push(entry);
    else domains.add(entry);
  }
  return (email) => {
    const address = email.trim().toLowerCase();
    const at = address.lastIndexOf('@');
    if (at < 1) return false;
    const domain = address.slice(at + 1);
    return (
      addresses.has(address) || domains.has(domain) || suffixes.some((suffix) => domain.endsWith(suffix))
    );
  };
}
