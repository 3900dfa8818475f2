/// Shared identifiers of the domain (SIREN, SIRET, VAT, CPV, départements).
public enum Identifiers {}
