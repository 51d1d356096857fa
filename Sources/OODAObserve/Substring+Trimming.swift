extension Substring {
    /// The text without leading and trailing spaces, as a `String`.
    func trimmingSpaces() -> String {
        String(self.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
