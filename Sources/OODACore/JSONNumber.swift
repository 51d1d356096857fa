/// The text of a JSON number, checked against JSON's grammar and converted as `JSONDecoder` converts it.
///
/// Doubles are correctly rounded: exactly by Clinger's fast path when the digits and the power of ten are exact
/// in a Double, by the same in Float80 on x86-64 when they are exact there (17-digit values), otherwise by
/// Swift's `Double(String)`. `JSONDecoder` rejects a value that
/// overflows to infinity or underflows to zero from non-zero digits, and so does this. Integers written without
/// fraction or exponent are read digit by digit, never through Double; other forms as `JSONDecoder` reads them.
struct JSONNumber {
    let text: UnsafeBufferPointer<UInt8>
    let offset: Int

    private var isNegative = false
    private var isIntegral = true
    /// The first 19 significant digits as an integer, and how many significant digits there are in all.
    private var significand: UInt64 = 0
    private var significantDigits = 0
    /// The power of ten that scales `significand` (exact only when `significantDigits <= 19`).
    private var scale = 0

    /// - Throws: ``JSONProblem`` when the text is not a JSON number (leading zeros, a bare `-`, `1.`, …).
    init(_ text: UnsafeBufferPointer<UInt8>, at offset: Int) throws(JSONProblem) {
        self.text = text
        self.offset = offset
        var index = 0
        func isDigit(_ index: Int) -> Bool { index < text.count && (0x30...0x39).contains(text[index]) }
        if text.first == UInt8(ascii: "-") {
            isNegative = true
            index = 1
        }
        guard isDigit(index) else { throw problem("is not a number") }
        if text[index] == 0x30 {
            index += 1
            if isDigit(index) { throw problem("has a leading zero") }
        } else {
            while isDigit(index) {
                take(digit: text[index])
                index += 1
            }
        }
        if index < text.count, text[index] == UInt8(ascii: ".") {
            isIntegral = false
            index += 1
            guard isDigit(index) else { throw problem("has no digits after its decimal point") }
            while isDigit(index) {
                take(digit: text[index])
                scale -= 1
                index += 1
            }
        }
        if index < text.count, text[index] | 0x20 == UInt8(ascii: "e") {
            isIntegral = false
            index += 1
            var exponentIsNegative = false
            if index < text.count, text[index] == UInt8(ascii: "+") || text[index] == UInt8(ascii: "-") {
                exponentIsNegative = text[index] == UInt8(ascii: "-")
                index += 1
            }
            guard isDigit(index) else { throw problem("has no digits in its exponent") }
            var exponent = 0
            while isDigit(index) {
                // Clamped: beyond this any value is infinite or zero anyway.
                exponent = min(exponent * 10 + Int(text[index] - 0x30), 100_000)
                index += 1
            }
            scale += exponentIsNegative ? -exponent : exponent
        }
        guard index == text.count else { throw problem("is not a number") }
    }

    private mutating func take(digit: UInt8) {
        guard significantDigits > 0 || digit != 0x30 else { return }
        significantDigits += 1
        if significantDigits <= 19 {
            significand = significand &* 10 &+ UInt64(digit - 0x30)
        } else {
            scale += 1
        }
    }

    /// The value as a Double, bit for bit what `JSONDecoder` reads.
    func double() throws(JSONProblem) -> Double {
        let value = try nearestDouble()
        guard value.isFinite else { throw problem("is too large for a Double") }
        guard value != 0 || significantDigits == 0 else { throw problem("is too small for a Double") }
        return value
    }

    /// The value as an integer of the given type, when it is integral and in range.
    ///
    /// Written with a fraction or an exponent, it is read as `JSONDecoder` reads it: its nearest Double must be
    /// a whole number the type holds; below 2^53 that Double is the value (so `1.0000000000000000001` is 1),
    /// from 2^53 up the value is the text's, without its fraction, if its significant digits fit in 64 bits.
    func integer<Integer: FixedWidthInteger>() throws(JSONProblem) -> Integer {
        guard isIntegral else {
            let nearest = try nearestDouble()
            guard let value = Integer(exactly: nearest) else { throw problem("does not fit in \(Integer.self)") }
            return nearest.magnitude < 0x1p53 ? value : try wholePart()
        }
        return try integer(digits: text.lazy.filter { $0 != UInt8(ascii: "-") })
    }

    /// A plain number (`-?digits(.digits)?([eE][+-]?digits)?`, at most 19 significant digits, in range) read in the
    /// one pass that also finds its end, rounded exactly as ``double()`` rounds it; nil for anything else, to be
    /// read and checked the careful way. Most numbers in the loop's messages are of this form.
    ///
    /// - Returns: the value and the index just past the number.
    static func plainDecimal(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> (Double, end: Int)? {
        var index = start
        let count = bytes.count
        let isNegative = index < count && bytes[index] == UInt8(ascii: "-")
        if isNegative { index += 1 }
        guard index < count else { return nil }
        var significand: UInt64 = 0
        var significantDigits = 0
        var scale = 0
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
        } else {
            let first = index
            takeDigits(bytes, &index, into: &significand)
            guard index > first else { return nil }
            significantDigits = index - first
        }
        if index < count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            let first = index
            // After a zero integer part, the fraction's leading zeros are not significant.
            if significantDigits == 0 {
                while index < count, bytes[index] == UInt8(ascii: "0") { index += 1 }
            }
            let significantStart = index
            takeDigits(bytes, &index, into: &significand)
            guard index > first else { return nil }
            significantDigits += index - significantStart
            scale = first - index
        }
        if index < count, bytes[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
            var exponentIsNegative = false
            if index < count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                exponentIsNegative = bytes[index] == UInt8(ascii: "-")
                index += 1
            }
            let first = index
            var exponent = 0
            while index < count, bytes[index] &- 0x30 < 10, index - first < 4 {
                exponent = exponent * 10 + Int(bytes[index] &- 0x30)
                index += 1
            }
            guard index > first else { return nil }
            scale += exponentIsNegative ? -exponent : exponent
        }
        // A second sign, point or exponent, a leading zero, a long exponent, too many digits: the careful way.
        if index < count {
            switch bytes[index] {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "+"), UInt8(ascii: "-"),
                UInt8(ascii: "e"), UInt8(ascii: "E"):
                return nil
            default: break
            }
        }
        guard significantDigits <= 19 else { return nil }
        var value: Double
        if significantDigits == 0 {
            value = 0
        } else if significand <= 1 << 53, (-22...22).contains(scale) {
            let power = powersOfTen[abs(scale)]
            value = scale < 0 ? Double(significand) / power : Double(significand) * power
        } else if let extended = extendedFastPath(significand, scale) {
            value = extended
        } else {
            return nil
        }
        guard value.isFinite, value != 0 || significantDigits == 0 else { return nil }
        return (isNegative ? -value : value, index)
    }

    /// Appends the run of decimal digits at `index` to `significand` (wrapping past 19 digits, which the caller
    /// then refuses), eight at a time while eight bytes are left: the 17-digit fractions of a shortest
    /// round-trip print take two steps and a few single digits instead of seventeen dependent multiplications.
    @inline(__always)
    private static func takeDigits(
        _ bytes: UnsafeBufferPointer<UInt8>,
        _ index: inout Int,
        into significand: inout UInt64
    ) {
        if let base = bytes.baseAddress {
            let raw = UnsafeRawPointer(base)
            while index + 8 <= bytes.count {
                let chunk = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: index, as: UInt64.self))
                guard let value = eightDigits(chunk) else { break }
                significand = significand &* 100_000_000 &+ value
                index += 8
            }
        }
        while index < bytes.count, bytes[index] &- 0x30 < 10 {
            significand = significand &* 10 &+ UInt64(bytes[index] &- 0x30)
            index += 1
        }
    }

    /// The value of eight ASCII digits loaded little-endian (the first digit in the lowest byte), or nil if any
    /// byte is not a digit. (The SWAR steps of simdjson's `parse_eight_digits_unrolled`.)
    @inline(__always)
    static func eightDigits(_ chunk: UInt64) -> UInt64? {
        // Every byte 0x30...0x39: its high nibble is 3, and adding 6 does not carry into it.
        let isDigits =
            (chunk & 0xF0F0_F0F0_F0F0_F0F0) | (((chunk &+ 0x0606_0606_0606_0606) & 0xF0F0_F0F0_F0F0_F0F0) >> 4)
            == 0x3333_3333_3333_3333
        guard isDigits else { return nil }
        var value = chunk &- 0x3030_3030_3030_3030
        // Pairs, then fours, then the eight: each step multiplies the earlier digit group by its weight.
        value = (value &* 10) &+ (value >> 8)
        let mask: UInt64 = 0x0000_00FF_0000_00FF
        let hundredsAndMillions: UInt64 = 100 &+ (1_000_000 << 32)
        let onesAndTenThousands: UInt64 = 1 &+ (10_000 << 32)
        value = (((value & mask) &* hundredsAndMillions) &+ (((value >> 16) & mask) &* onesAndTenThousands)) >> 32
        return value
    }

    /// The correctly rounded Double, infinite or zero when out of range.
    private func nearestDouble() throws(JSONProblem) -> Double {
        var value: Double
        if significantDigits == 0 {
            value = 0
        } else if significantDigits <= 19, significand <= 1 << 53, (-22...22).contains(scale) {
            // Both operands are exact, so the one rounding of the product or quotient is the correct one.
            let power = Self.powersOfTen[abs(scale)]
            value = scale < 0 ? Double(significand) / power : Double(significand) * power
        } else if significantDigits <= 19, let extended = Self.extendedFastPath(significand, scale) {
            value = extended
        } else {
            guard let parsed = Double(String(decoding: text, as: UTF8.self)) else { throw problem("is not a number") }
            value = parsed.magnitude
        }
        return isNegative ? -value : value
    }

    /// The digits before the decimal point once the exponent is applied: the value without its fraction.
    private func wholePart<Integer: FixedWidthInteger>() throws(JSONProblem) -> Integer {
        var digits: [UInt8] = []
        var fractionDigits = 0
        var exponent = 0
        var index = isNegative ? 1 : 0
        var inFraction = false
        while index < text.count, text[index] | 0x20 != UInt8(ascii: "e") {
            if text[index] == UInt8(ascii: ".") {
                inFraction = true
            } else {
                digits.append(text[index])
                if inFraction { fractionDigits += 1 }
            }
            index += 1
        }
        if index < text.count {
            // Integral from 2^53 up, so the exponent is small: no overflow.
            exponent = Int(String(decoding: text[(index + 1)...], as: UTF8.self)) ?? 0
        }
        // Read as a Decimal, whose significand (without leading and trailing zeros) must fit in 64 bits.
        digits = Array(digits.drop { $0 == 0x30 })
        while digits.last == 0x30 {
            digits.removeLast()
            fractionDigits -= 1
        }
        guard digits.count <= 20, UInt64(String(decoding: digits, as: UTF8.self)) != nil || digits.isEmpty else {
            throw problem("has more significant digits than JSONDecoder reads")
        }
        let wholeDigits = digits.count - fractionDigits + exponent
        guard wholeDigits > 0 else { return 0 }
        let whole = digits.prefix(wholeDigits) + repeatElement(0x30, count: max(0, wholeDigits - digits.count))
        return try integer(digits: whole)
    }

    private func integer<Integer: FixedWidthInteger>(digits: some Sequence<UInt8>) throws(JSONProblem) -> Integer {
        var value: Integer = 0
        var overflow = false
        for byte in digits {
            let digit = Integer(byte - 0x30)
            (value, overflow) = value.multipliedReportingOverflow(by: 10)
            guard !overflow else { break }
            (value, overflow) =
                isNegative ? value.subtractingReportingOverflow(digit) : value.addingReportingOverflow(digit)
            guard !overflow else { break }
        }
        guard !overflow else { throw problem("does not fit in \(Integer.self)") }
        return value
    }

    private func problem(_ why: String) -> JSONProblem {
        JSONProblem(.invalid("the number \(String(decoding: text.prefix(40), as: UTF8.self)) \(why)"), at: offset)
    }

    #if arch(x86_64)
    /// The 17-digit values a shortest round-trip print makes (most of an orientation's) are beyond Clinger's
    /// Double fast path but within Float80's: its 64-bit significand holds any 19-digit significand and every
    /// power of ten up to 10^27 exactly, so one correctly rounded Float80 product or quotient comes within half
    /// a Float80 ulp of the value. Rounding that to Double is then correct unless it lies within one Float80 ulp
    /// of a point halfway between two Doubles (the 11 bits Double drops are 0x3FF, 0x400 or 0x401), where a
    /// second rounding could go the wrong way: those few, and everything out of range, take the slow path.
    private static func extendedFastPath(_ significand: UInt64, _ scale: Int) -> Double? {
        guard (-27...27).contains(scale) else { return nil }
        let power = powersOfTen80[abs(scale)]
        let exact = Float80(significand)
        let rounded = scale < 0 ? exact / power : exact * power
        guard rounded.isNormal, rounded >= Float80(Double.leastNormalMagnitude) else { return nil }
        let dropped = rounded.significandBitPattern & 0x7FF
        guard !(0x3FF...0x401).contains(dropped) else { return nil }
        return Double(rounded)
    }

    /// 10^0 … 10^27, each exact in Float80 (5^27 < 2^64).
    private static let powersOfTen80: [Float80] = {
        var powers: [Float80] = [1]
        for _ in 1...27 { powers.append(powers[powers.count - 1] * 10) }
        return powers
    }()
    #else
    private static func extendedFastPath(_ significand: UInt64, _ scale: Int) -> Double? { nil }
    #endif

    private static let powersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18,
        1e19, 1e20, 1e21, 1e22,
    ]
}
