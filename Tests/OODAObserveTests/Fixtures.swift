import Foundation
import Testing

/// Reads files from the test target's `Fixtures` directory.
enum Fixtures {
    static var directory: URL {
        get throws {
            try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
        }
    }

    static func text(_ path: String) throws -> String {
        try String(contentsOf: directory.appendingPathComponent(path), encoding: .utf8)
    }

    static func path(_ path: String) throws -> String {
        try directory.appendingPathComponent(path).path
    }
}
