extension Substring {
    /// The text without leading and trailing spaces, as a `String`.
    func trimmingSpaces() -> String {
        String(self.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }

    /// The pieces between ASCII `separator` bytes, like `split(separator:omittingEmptySubsequences:)` but over
    /// UTF-8: `/proc` text is ASCII, and splitting by `Character` made reading the host several times slower.
    func split(ascii separator: Unicode.Scalar, omittingEmpty: Bool = true) -> [Substring] {
        utf8.split(separator: UInt8(ascii: separator), omittingEmptySubsequences: omittingEmpty).map(Substring.init)
    }
}

extension String {
    /// As ``Substring/split(ascii:omittingEmpty:)``.
    func split(ascii separator: Unicode.Scalar, omittingEmpty: Bool = true) -> [Substring] {
        self[...].split(ascii: separator, omittingEmpty: omittingEmpty)
    }
}
