/// Procurement rules without I/O.
public enum ProcurementDomain {}
