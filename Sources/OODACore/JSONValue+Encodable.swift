import Foundation

extension JSONValue {
    /// The JSON form of any encodable value, for example a configuration written into ``StageStarted``.
    ///
    /// - Throws: `EncodingError` when the value does not encode (a non-finite number is written as a string).
    public static func fromEncodable(_ value: some Encodable) throws -> JSONValue {
        let encoder = JSONEncoder()
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "+Inf",
            negativeInfinity: "-Inf",
            nan: "NaN"
        )
        return try JSONDecoder().decode(JSONValue.self, from: encoder.encode(value))
    }

    /// Decodes this JSON value as a value of type `T`.
    ///
    /// - Throws: `DecodingError` naming the field that does not fit.
    public func decode<T: Decodable>(as type: T.Type) throws -> T {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "+Inf",
            negativeInfinity: "-Inf",
            nan: "NaN"
        )
        return try decoder.decode(T.self, from: JSONEncoder().encode(self))
    }
}
