extension KeyedDecodingContainer {
    /// The value for `key`, or `fallback` when the key is absent, so that configuration files may name only
    /// what they change.
    func value<T: Decodable>(_ key: Key, or fallback: @autoclosure () -> T) throws -> T {
        try decodeIfPresent(T.self, forKey: key) ?? fallback()
    }
}
