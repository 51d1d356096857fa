/// A value chosen by name from a fixed set, as in a topology file (`mode: balanced`, `fsync: group`).
///
/// Decoding a name that is not in the set fails with the names it could have been:
/// `'agressive' is not one of conservative, balanced, aggressive`, instead of Swift's
/// `Cannot initialize DecisionMode from invalid String value agressive`.
public protocol NamedChoice: CaseIterable, RawRepresentable, Decodable where RawValue == String {}

extension NamedChoice {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let name = try container.decode(String.self)
        guard let value = Self(rawValue: name) else {
            throw DecodingError.dataCorruptedError(
                in: container,
                debugDescription: "'\(name)' is not one of \(Self.allCases.map(\.rawValue).joined(separator: ", "))"
            )
        }
        self = value
    }
}
