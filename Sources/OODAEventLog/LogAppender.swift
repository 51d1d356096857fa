import Foundation
import Glibc
import Logging

/// The writer's mutable state and its group-commit flusher thread, guarded by one condition.
///
/// Appends write each record with one `write(2)` before returning, so a process crash loses nothing that was
/// appended. The flusher syncs outside the lock, holding its own reference to the segment, so appends go on
/// while it waits for the disk and a rotation cannot close the file under it.
final class LogAppender: @unchecked Sendable {
    // @unchecked: every mutable property below is read and written only with `condition` locked.
    private let condition = NSCondition()
    private let log: LogDirectory
    private let configuration: EventLogConfiguration
    private let logger: Logger
    /// The descriptor holding the writer lock; -1 once released.
    private var lockDescriptor: Int32
    private var segmentIndex: Int
    private var segment: SegmentFile
    private var segmentSize: Int64
    private var lastIndex: UInt64
    private var lastHash: ChainHash
    private var durableIndex: UInt64
    private var pendingCount = 0
    private var pendingSince: ContinuousClock.Instant?
    private var failure: EventLogError?
    private var closed = false
    private var flusherRunning = false

    init(
        log: LogDirectory,
        configuration: EventLogConfiguration,
        logger: Logger,
        lockDescriptor: Int32,
        segmentIndex: Int,
        segment: SegmentFile,
        segmentSize: Int64,
        lastIndex: UInt64,
        lastHash: ChainHash
    ) {
        self.log = log
        self.configuration = configuration
        self.logger = logger
        self.lockDescriptor = lockDescriptor
        self.segmentIndex = segmentIndex
        self.segment = segment
        self.segmentSize = segmentSize
        self.lastIndex = lastIndex
        self.lastHash = lastHash
        self.durableIndex = lastIndex
        if let bounds = configuration.durability.groupBounds {
            flusherRunning = true
            let thread = Thread { [self] in runFlusher(maxDelay: bounds.maxDelay, maxRecords: bounds.maxRecords) }
            thread.name = "ooda-log-flush"
            thread.start()
        }
    }

    deinit {
        if lockDescriptor >= 0 { Glibc.close(lockDescriptor) }
    }

    /// Appends one record holding `payload`, which must be one line of envelope JSON.
    ///
    /// - Returns: the record, and whether the group-commit flusher must be woken (with ``wakeFlusher()``) for it
    ///   to become durable within the bounded delay: the caller chooses when, so that the system call and the
    ///   interrupt the wake-up costs come after its time-critical work.
    func append(_ payload: UnsafeRawBufferPointer, sync: Bool) throws(EventLogError) -> (AppendedRecord, Bool) {
        try Self.validate(payload, log: log)
        condition.lock()
        defer { condition.unlock() }
        return try appendLocked(payload, sync: sync)
    }

    /// Wakes the group-commit flusher, outside the lock: woken under it, the flusher would only block on the lock
    /// again, and the appender would pay a second wake-up as it unlocked.
    func wakeFlusher() {
        condition.signal()
    }

    /// The append proper, with `condition` locked: the record, and whether the flusher must be woken.
    private func appendLocked(
        _ payload: UnsafeRawBufferPointer,
        sync: Bool
    ) throws(EventLogError) -> (AppendedRecord, Bool) {
        guard !closed else { throw EventLogError(.closed, path: log.path, "the writer is closed") }
        if let failure { throw failure }
        let (line, hash) = RecordLine.encode(sequence: lastIndex + 1, previous: lastHash, payload: payload)
        if segmentSize > 0 && segmentSize + Int64(line.count) > Int64(configuration.segmentBytes) { try rotate() }
        let offset = segmentSize
        let written = line.withUnsafeBytes { bytes in Result { () throws(EventLogError) in try segment.write(bytes) } }
        if case .failure(let error) = written {
            // Take back a partial write so the log stays whole; if even that fails, refuse further appends.
            do { try segment.truncate(to: offset) } catch { failure = error }
            throw error
        }
        segmentSize += Int64(line.count)
        lastIndex += 1
        lastHash = hash
        var wakeFlusher = false
        if sync || configuration.durability.syncsEveryAppend {
            try syncLocked()
        } else if let bounds = configuration.durability.groupBounds {
            pendingCount += 1
            if pendingSince == nil {
                pendingSince = .now
                wakeFlusher = true
            } else if pendingCount == bounds.maxRecords {
                wakeFlusher = true
            }
        }
        let record = AppendedRecord(
            index: lastIndex,
            position: RecordPosition(segment: segmentIndex, offset: offset),
            hash: hash
        )
        return (record, wakeFlusher)
    }

    private static func validate(_ payload: UnsafeRawBufferPointer, log: LogDirectory) throws(EventLogError) {
        guard payload.count >= 2, payload.first == UInt8(ascii: "{"), payload.last == UInt8(ascii: "}") else {
            throw EventLogError(.invalidPayload, path: log.path, "the payload is not a JSON object")
        }
        guard memchr(payload.baseAddress!, 0x0A, payload.count) == nil else {
            throw EventLogError(.invalidPayload, path: log.path, "the payload holds a newline; records are one line")
        }
    }

    /// Makes every record appended so far durable.
    func sync() throws(EventLogError) {
        condition.lock()
        defer { condition.unlock() }
        if let failure { throw failure }
        try syncLocked()
    }

    private func syncLocked() throws(EventLogError) {
        guard durableIndex < lastIndex else { return }
        let started = ContinuousClock.now
        do {
            try segment.sync()
            configuration.syncObserver?(ContinuousClock.now - started)
        } catch {
            // After a failed fdatasync the kernel may have dropped the dirty pages: nothing later can be trusted.
            failure = error
            throw error
        }
        durableIndex = lastIndex
        pendingSince = nil
        pendingCount = 0
    }

    /// Syncs the full segment, creates the next one and makes its name durable.
    private func rotate() throws(EventLogError) {
        if configuration.durability.syncsOnRotation { try syncLocked() }
        let next = segmentIndex + 1
        let file = try SegmentFile.create(log.segmentPath(next))
        if configuration.durability.syncsOnRotation { try log.sync() }
        segment = file
        segmentIndex = next
        segmentSize = 0
    }

    /// Stops the flusher, makes everything durable and releases the writer lock.
    func close() throws(EventLogError) {
        condition.lock()
        defer { condition.unlock() }
        guard !closed else { return }
        closed = true
        condition.broadcast()
        while flusherRunning { condition.wait() }
        defer {
            Glibc.close(lockDescriptor)
            lockDescriptor = -1
        }
        if let failure { throw failure }
        try syncLocked()
    }

    /// The group-commit loop: sync once the oldest unsynced append is `maxDelay` old or `maxRecords` wait.
    private func runFlusher(maxDelay: Duration, maxRecords: Int) {
        condition.lock()
        while !closed {
            guard let since = pendingSince else {
                condition.wait()
                continue
            }
            let remaining = since.advanced(by: maxDelay) - .now
            if pendingCount < maxRecords && remaining > .zero {
                let seconds = Double(remaining.components.seconds) + Double(remaining.components.attoseconds) * 1e-18
                _ = condition.wait(until: Date(timeIntervalSinceNow: seconds))
                continue
            }
            let file = segment
            let target = lastIndex
            pendingSince = nil
            pendingCount = 0
            condition.unlock()
            let started = ContinuousClock.now
            let result = Result { () throws(EventLogError) in try file.sync() }
            if case .success = result { configuration.syncObserver?(ContinuousClock.now - started) }
            condition.lock()
            switch result {
            case .success:
                durableIndex = max(durableIndex, target)
            case .failure(let error):
                logger.error(
                    "event log sync failed; the writer refuses further appends",
                    metadata: ["error": "\(error)"]
                )
                failure = failure ?? error
            }
        }
        flusherRunning = false
        condition.broadcast()
        condition.unlock()
    }
}
