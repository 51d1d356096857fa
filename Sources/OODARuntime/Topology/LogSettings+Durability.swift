import OODAEventLog

extension LogSettings {
    /// The event log's durability for this setting.
    var durability: Durability {
        switch fsync {
        case .always: .always
        case .group: .group(maxDelay: groupCommit.duration)
        case .never: .never
        }
    }
}
