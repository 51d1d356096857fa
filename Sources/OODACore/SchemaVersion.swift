/// The version of the envelope and body format on the wire and in the event log.
///
/// A reader accepts exactly the versions in ``SchemaVersion/supported``; anything else is rejected with
/// ``WireError/Code/unsupportedSchemaVersion`` so that an old process never misreads a newer message.
public enum SchemaVersion {
    /// The version this build writes.
    public static let current = 1
    /// The versions this build reads.
    public static let supported: ClosedRange<Int> = 1...1
}
