/// The version written into every StageStarted event and printed by `ooda --version`.
public enum OODARuntimeVersion {
    public static let current = "0.1.0"
}
