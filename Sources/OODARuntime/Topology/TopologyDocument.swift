import Foundation
import OODACore
import Yams

/// A parsed YAML topology that remembers where every node came from, so that every error names the file,
/// the line and the field.
///
/// Decoding is strict: a key that the target type does not read is an ``TopologyError/Code/unknownField``
/// error, because a misspelt setting silently falling back to its default is the worst kind of wrong.
struct TopologyDocument {
    let file: String
    let root: Node

    init(text: String, file: String) throws(TopologyError) {
        self.file = file
        do {
            guard let root = try Yams.compose(yaml: text) else {
                throw TopologyError(.missingField, file: file, line: 1, field: "", message: "the file is empty")
            }
            self.root = root
        } catch let error as TopologyError {
            throw error
        } catch let error as YamlError {
            throw TopologyError(.syntax, file: file, line: Self.line(of: error), field: "", message: "\(error)")
        } catch {
            throw TopologyError(.syntax, file: file, line: nil, field: "", message: "\(error)")
        }
    }

    /// The node at a path of mapping keys, if present.
    func node(at path: [String]) -> Node? {
        var node = root
        for key in path {
            guard let next = node.mapping?[key] else { return nil }
            node = next
        }
        return node
    }

    /// Whether a node exists at a path.
    func contains(_ path: [String]) -> Bool { node(at: path) != nil }

    /// Whether the node at a path is a mapping.
    func isMapping(at path: [String]) -> Bool { node(at: path)?.mapping != nil }

    /// The keys of the mapping at a path, with their lines.
    func keys(at path: [String]) -> [(key: String, line: Int?)] {
        guard let mapping = node(at: path)?.mapping else { return [] }
        return mapping.map { (key: $0.key.string ?? "\($0.key)", line: $0.key.mark?.line) }
    }

    /// The line of the node at a path, or of its deepest existing ancestor.
    func line(at path: [String]) -> Int? {
        var node = root
        var line = root.mark?.line
        for key in path {
            if let next = node.mapping?[key] {
                node = next
                line = next.mark?.line ?? line
            } else if let index = Int(key), let sequence = node.sequence, sequence.indices.contains(index) {
                node = sequence[index]
                line = node.mark?.line ?? line
            } else {
                break
            }
        }
        return line
    }

    /// Decodes the node at `path` strictly.
    ///
    /// - Parameters:
    ///   - ignoring: keys at the top of that node that other code reads (so they are not unknown here).
    /// - Throws: ``TopologyError`` with the file, line and dotted field of the first problem.
    func decode<T: Codable>(_ type: T.Type, at path: [String], ignoring: Set<String> = []) throws(TopologyError) -> T {
        guard var node = node(at: path) else {
            throw error(.missingField, at: path, "is required")
        }
        if !ignoring.isEmpty, let mapping = node.mapping {
            node = .mapping(Node.Mapping(mapping.filter { !ignoring.contains($0.key.string ?? "") }))
        }
        let value: T
        do {
            value = try YAMLDecoder().decode(T.self, from: node)
        } catch let decoding as DecodingError {
            throw translate(decoding, under: path)
        } catch {
            throw self.error(.invalidValue, at: path, "\(error)")
        }
        try rejectUnknownKeys(in: node, readBack: value, path: path)
        return value
    }

    func error(_ code: TopologyError.Code, at path: [String], _ message: String) -> TopologyError {
        TopologyError(code, file: file, line: line(at: path), field: path.joined(separator: "."), message: message)
    }

    private func translate(_ error: DecodingError, under path: [String]) -> TopologyError {
        func full(_ codingPath: [any CodingKey]) -> [String] {
            path + codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }
        }
        switch error {
        case .keyNotFound(let key, let context):
            let parent = full(context.codingPath)
            if let typo = keys(at: parent).first(where: { Self.isTypo($0.key, of: key.stringValue) }) {
                return TopologyError(
                    .unknownField,
                    file: file,
                    line: typo.line,
                    field: (parent + [typo.key]).joined(separator: "."),
                    message: "unknown field; did you mean '\(key.stringValue)'?"
                )
            }
            return self.error(.missingField, at: parent + [key.stringValue], "is required")
        case .typeMismatch(let type, let context):
            return self.error(.invalidValue, at: full(context.codingPath), "expected \(Self.describe(type))")
        case .valueNotFound(let type, let context):
            return self.error(.invalidValue, at: full(context.codingPath), "is empty, expected \(Self.describe(type))")
        case .dataCorrupted(let context):
            return self.error(.invalidValue, at: full(context.codingPath), context.debugDescription)
        @unknown default:
            return self.error(.invalidValue, at: path, "\(error)")
        }
    }

    /// Compares the keys written in the file with the keys the decoded value encodes back: a key in the file
    /// that the type never read is unknown.
    private func rejectUnknownKeys(in node: Node, readBack value: some Encodable, path: [String]) throws(TopologyError)
    {
        guard let encoded = try? JSONValue.fromEncodable(value) else { return }
        try compare(node, encoded, path: path)
    }

    private func compare(_ node: Node, _ encoded: JSONValue, path: [String]) throws(TopologyError) {
        switch (node, encoded) {
        case (.mapping(let mapping), .object(let members)):
            for (key, child) in mapping {
                let name = key.string ?? "\(key)"
                guard let member = members[name] else {
                    let known = members.keys.sorted().joined(separator: ", ")
                    throw TopologyError(
                        .unknownField,
                        file: file,
                        line: key.mark?.line,
                        field: (path + [name]).joined(separator: "."),
                        message: "unknown field (known here: \(known))"
                    )
                }
                try compare(child, member, path: path + [name])
            }
        case (.sequence(let sequence), .array(let elements)) where sequence.count == elements.count:
            for (index, (child, element)) in zip(sequence, elements).enumerated() {
                try compare(child, element, path: path + [String(index)])
            }
        default:
            return
        }
    }

    /// Whether `written` is probably a misspelling of `expected`: at most two edits apart, and not equal.
    static func isTypo(_ written: String, of expected: String) -> Bool {
        let a = Array(written)
        let b = Array(expected)
        guard a != b, abs(a.count - b.count) <= 2 else { return false }
        var previous = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var current = [i] + [Int](repeating: 0, count: b.count)
            for j in stride(from: 1, through: b.count, by: 1) {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count] <= 2
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type, is UInt64.Type, is Int64.Type: "an integer"
        case is Double.Type: "a number"
        case is Bool.Type: "true or false"
        case is Node.Sequence.Type: "a list (`- item` lines, or [a, b])"
        case is Node.Mapping.Type: "a mapping (`key: value` lines, or {key: value})"
        case is Node.Scalar.Type: "a single value, not a list or a mapping"
        default: "a value of type \(type)"
        }
    }

    private static func line(of error: YamlError) -> Int? {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
            mark.line
        case .duplicatedKeysInMapping(_, let context):
            context.mark.line
        default:
            nil
        }
    }
}
