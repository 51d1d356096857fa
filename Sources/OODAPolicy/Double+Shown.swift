extension Double {
    /// The value rounded for a sentence a person reads: three decimals, or four for small rates.
    ///
    /// Written without Foundation's formatting so reasoning is the same text on every platform.
    var shown: String {
        let places: Double = abs(self) < 0.01 && self != 0 ? 1e5 : 1e3
        let rounded = (self * places).rounded() / places
        return rounded == rounded.rounded() && abs(rounded) < 1e15 ? "\(Int64(rounded))" : "\(rounded)"
    }
}
