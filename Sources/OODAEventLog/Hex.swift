/// Lowercase hexadecimal, written and read byte by byte so that record lines are built without `String`.
package enum Hex {
    /// Writes the low `digits` nibbles of `value`, most significant first.
    package static func write(_ value: UInt64, digits count: Int, into destination: UnsafeMutablePointer<UInt8>) {
        var remaining = value
        for index in stride(from: count - 1, through: 0, by: -1) {
            // Computed, not looked up in a table: a static table is initialised lazily, checked on every read.
            let nibble = UInt8(truncatingIfNeeded: remaining & 0xF)
            destination[index] = nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") - 10 + nibble
            remaining >>= 4
        }
    }

    /// The value of one lowercase hex digit; nil for anything else (uppercase included: the format is canonical).
    package static func value(of byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        default: nil
        }
    }

    /// The 16 hex digits at `offset` as a number; nil if any is not a lowercase hex digit.
    package static func word(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> UInt64? {
        // Without a branch per digit (every record's two hashes are read this way): each byte's value, and a
        // flag gathered for any byte that is not a lowercase hex digit, checked once at the end.
        var word: UInt64 = 0
        var misfits: UInt8 = 0
        for index in offset..<offset + 16 {
            let byte = bytes[index]
            let digit = byte &- UInt8(ascii: "0")
            let letter = byte &- UInt8(ascii: "a")
            misfits |= digit < 10 || letter < 6 ? 0 : 1
            word = word << 4 | UInt64(digit < 10 ? digit : letter &+ 10)
        }
        return misfits == 0 ? word : nil
    }
}
