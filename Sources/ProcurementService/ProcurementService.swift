/// The procurement service.
public enum ProcurementService {}
