import Foundation
import OODACore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// An intent journal in one file of JSON lines, each record fsynced before the call returns.
///
/// A line is `{"intent": {…}}` or `{"outcome": {…}}`. On open, a torn last line (act died while writing it) is
/// cut; a line that does not decode anywhere else is reported, never skipped. The whole journal is indexed in
/// memory: it grows by two short lines per action, which is small for the rate the rate limit allows.
public actor FileIntentJournal: IntentJournal {
    private struct Record: Codable {
        var intent: ActionIntent?
        var outcome: ActionOutcome?
    }

    private let path: String
    private let descriptor: Int32
    private var intents: [ActionIntent] = []
    private var intentIndex: [EventID: Int] = [:]
    private var outcomes: [EventID: ActionOutcome] = [:]
    private let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()

    /// Opens the journal at `path`, creating it (and its directory) when missing.
    ///
    /// - Throws: ``ActuatorError`` with code `journal` when the file cannot be created, read or repaired, or holds
    ///   a corrupt record before its last line.
    public init(path: String) throws {
        self.path = path
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        let existed = FileManager.default.fileExists(atPath: path)
        let descriptor = open(path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw ActuatorError(.journal, "cannot open the intent journal \(path): check the directory", errno: errno)
        }
        self.descriptor = descriptor
        do {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            let (records, validLength) = try Self.parse(data, path: path)
            if validLength < data.count, ftruncate(descriptor, off_t(validLength)) != 0 || fsync(descriptor) != 0 {
                throw ActuatorError(.journal, "cannot cut the torn last line of \(path)", errno: errno)
            }
            if !existed, !directory.isEmpty { Self.syncDirectory(directory) }
            for record in records {
                if let intent = record.intent {
                    intentIndex[intent.decision] = intents.count
                    intents.append(intent)
                }
                if let outcome = record.outcome { outcomes[outcome.decision] = outcome }
            }
        } catch {
            close(descriptor)
            throw error
        }
    }

    deinit { close(descriptor) }

    public func recordIntent(_ intent: ActionIntent) throws {
        try append(Record(intent: intent))
        index(Record(intent: intent))
    }

    public func recordOutcome(_ outcome: ActionOutcome) throws {
        try append(Record(outcome: outcome))
        index(Record(outcome: outcome))
    }

    public func status(of decision: EventID) -> IntentStatus {
        if let outcome = outcomes[decision] { return .completed(outcome) }
        if let position = intentIndex[decision] { return .pending(intents[position]) }
        return .unknown
    }

    public func pendingIntents() -> [ActionIntent] {
        intents.filter { outcomes[$0.decision] == nil }
    }

    public func latestIntents(_ count: Int) -> [ActionIntent] {
        Array(intents.suffix(max(0, count)))
    }

    private func index(_ record: Record) {
        if let intent = record.intent {
            intentIndex[intent.decision] = intents.count
            intents.append(intent)
        }
        if let outcome = record.outcome {
            outcomes[outcome.decision] = outcome
        }
    }

    private func append(_ record: Record) throws {
        var line: Data
        do {
            line = try encoder.encode(record)
        } catch {
            throw ActuatorError(.journal, "cannot encode a record for \(path): \(error)")
        }
        line.append(UInt8(ascii: "\n"))
        try line.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    throw ActuatorError(.journal, "cannot append to the intent journal \(path)", errno: errno)
                }
                offset += written
            }
        }
        while fsync(descriptor) != 0 {
            guard errno == EINTR else {
                throw ActuatorError(.journal, "cannot make the intent journal \(path) durable (fsync)", errno: errno)
            }
        }
    }

    /// Decodes the records of a journal file, and the length of its valid prefix.
    ///
    /// - Throws: ``ActuatorError`` with code `journal` for a corrupt line that is not the last.
    private static func parse(_ data: Data, path: String) throws -> ([Record], Int) {
        let decoder = JSONDecoder()
        var records: [Record] = []
        var start = data.startIndex
        var lineNumber = 0
        while start < data.endIndex {
            lineNumber += 1
            guard let newline = data[start...].firstIndex(of: UInt8(ascii: "\n")) else {
                // No newline: the last write was torn; cut it.
                return (records, start - data.startIndex)
            }
            let line = data[start..<newline]
            if !line.isEmpty {
                do {
                    records.append(try decoder.decode(Record.self, from: line))
                } catch {
                    // The last line may be torn mid-record even with its newline written; cut it too.
                    if newline + 1 == data.endIndex { return (records, start - data.startIndex) }
                    throw ActuatorError(
                        .journal,
                        "line \(lineNumber) of the intent journal \(path) is corrupt (\(error)); "
                            + "move the file aside to start a new journal, knowing its decisions may execute again"
                    )
                }
            }
            start = newline + 1
        }
        return (records, data.count)
    }

    private static func syncDirectory(_ directory: String) {
        let descriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        _ = fsync(descriptor)
        close(descriptor)
    }
}
