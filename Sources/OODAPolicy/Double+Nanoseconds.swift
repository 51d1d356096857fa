extension Double {
    /// These seconds as whole nanoseconds, saturating instead of trapping on absurd values.
    var nanoseconds: Int64 {
        let value = (self * 1e9).rounded()
        if !(value < 9.2e18) { return Int64.max }
        if !(value > -9.2e18) { return Int64.min }
        return Int64(value)
    }
}

extension Int64 {
    /// `self − other` in seconds, saturating on overflow.
    func seconds(since other: Int64) -> Double {
        let (difference, overflow) = subtractingReportingOverflow(other)
        if overflow { return self > other ? .greatestFiniteMagnitude : -.greatestFiniteMagnitude }
        return Double(difference) / 1e9
    }
}
