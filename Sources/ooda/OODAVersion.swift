/// The version reported by `ooda --version` and written into every StageStarted event.
enum OODAVersion {
    static let current = "0.1.0"
}
