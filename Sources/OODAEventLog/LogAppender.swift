import Foundation
import Glibc
import Logging

/// The writer's mutable state and its group-commit flusher thread, guarded by one condition.
///
/// Appends write each record with one `write(2)` before returning, so a process crash loses nothing that was
/// appended. The first append of a group arms the flusher's alarm for the group's deadline; the flusher wakes
/// then, once, and syncs outside the lock, holding its own reference to the segment, so appends go on while it
/// waits for the disk and a rotation cannot close the file under it.
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
    /// When the records not yet durable must be, on the alarm's monotonic clock; nil when all are.
    private var pendingDeadline: Int64?
    /// What the flusher sleeps on; nil without group commit.
    private let alarm: FlusherAlarm?
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
    ) throws(EventLogError) {
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
            let alarm = try FlusherAlarm(path: log.path)
            self.alarm = alarm
            flusherRunning = true
            let thread = Thread { [self] in
                // Named from inside: `top -H` and debuggers show it.
                Thread.current.name = "ooda-log-flush"
                runFlusher(alarm: alarm, maxRecords: bounds.maxRecords)
            }
            thread.start()
        } else {
            self.alarm = nil
        }
    }

    deinit {
        if lockDescriptor >= 0 { Glibc.close(lockDescriptor) }
    }

    /// Appends one record holding `payload`, which must be one line of envelope JSON.
    ///
    /// - Returns: the record, and what the group-commit flusher must be told (with ``callFlusher(_:)``) for the
    ///   record to become durable within the bounded delay: the caller chooses when, so that the system call this
    ///   costs comes after its time-critical work.
    ///
    /// - Parameter preamble: called, with the lock held, when this record starts a new segment: the payload of a
    ///   record to write first, as the new segment's first record, or nil for none.
    func append(
        _ payload: UnsafeRawBufferPointer,
        sync: Bool,
        preamble: () -> [UInt8]? = { nil }
    ) throws(EventLogError) -> (AppendedRecord, FlusherCall) {
        try Self.validate(payload, log: log)
        condition.lock()
        defer { condition.unlock() }
        return try appendLocked(payload, sync: sync, preamble: preamble)
    }

    /// What an append needs from the group-commit flusher.
    enum FlusherCall: Sendable {
        case none
        /// The first record of a group: the flusher must wake at this deadline (monotonic nanoseconds).
        case alarm(atMonotonicNanos: Int64)
        /// The group is full: the flusher must sync now.
        case now

        /// What two appends in a row need: a full group wins over an alarm, an alarm over nothing.
        func then(_ next: FlusherCall) -> FlusherCall {
            switch (self, next) {
            case (.now, _), (_, .now): .now
            case (.alarm, _): self
            default: next
            }
        }
    }

    /// Tells the flusher, outside the lock: arming its alarm wakes nobody; a full group wakes it at once.
    func callFlusher(_ call: FlusherCall) {
        switch call {
        case .none: break
        case .alarm(let deadline): alarm?.arm(atMonotonicNanos: deadline)
        case .now: alarm?.signal()
        }
    }

    /// The append proper, with `condition` locked: the record, and what the flusher must be told.
    private func appendLocked(
        _ payload: UnsafeRawBufferPointer,
        sync: Bool,
        preamble: () -> [UInt8]? = { nil }
    ) throws(EventLogError) -> (AppendedRecord, FlusherCall) {
        guard !closed else { throw EventLogError(.closed, path: log.path, "the writer is closed") }
        if let failure { throw failure }
        var (line, hash) = RecordLine.encode(sequence: lastIndex + 1, previous: lastHash, payload: payload)
        var preambleCall = FlusherCall.none
        if segmentSize > 0 && segmentSize + Int64(line.count) > Int64(configuration.segmentBytes) {
            try rotate()
            if let first = preamble() {
                // The new segment's first record; this one follows it, linked to it.
                preambleCall = try first.withUnsafeBytes { bytes in
                    Result { () throws(EventLogError) in
                        try Self.validate(bytes, log: log)
                        return try appendLocked(bytes, sync: false).1
                    }
                }.get()
                (line, hash) = RecordLine.encode(sequence: lastIndex + 1, previous: lastHash, payload: payload)
            }
        }
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
        var call = FlusherCall.none
        if sync || configuration.durability.syncsEveryAppend {
            try syncLocked()
        } else if let bounds = configuration.durability.groupBounds {
            pendingCount += 1
            if pendingDeadline == nil {
                let delay = bounds.maxDelay.components
                let deadline =
                    FlusherAlarm.monotonicNanos() + delay.seconds * 1_000_000_000 + delay.attoseconds / 1_000_000_000
                pendingDeadline = deadline
                call = .alarm(atMonotonicNanos: deadline)
            } else if pendingCount == bounds.maxRecords {
                call = .now
            }
        }
        let record = AppendedRecord(
            index: lastIndex,
            position: RecordPosition(segment: segmentIndex, offset: offset),
            hash: hash
        )
        return (record, preambleCall.then(call))
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
        pendingDeadline = nil
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
        applyRetention()
    }

    /// Removes the oldest segments beyond ``EventLogConfiguration/retainedBytes``, if set. Called with the
    /// lock held (or before any append), so no segment is removed while a rotation creates the next.
    func applyRetention() {
        guard let budget = configuration.retainedBytes else { return }
        SegmentRetention(budget: budget).apply(
            to: log,
            durably: configuration.durability.syncsOnRotation,
            logger: logger
        )
    }

    /// Stops the flusher, makes everything durable and releases the writer lock.
    func close() throws(EventLogError) {
        condition.lock()
        defer { condition.unlock() }
        guard !closed else { return }
        closed = true
        alarm?.signal()
        while flusherRunning { condition.wait() }
        defer {
            Glibc.close(lockDescriptor)
            lockDescriptor = -1
        }
        if let failure { throw failure }
        try syncLocked()
    }

    /// The group-commit loop: sleeps on the alarm, and syncs once the oldest unsynced append's deadline has passed
    /// or `maxRecords` wait.
    private func runFlusher(alarm: FlusherAlarm, maxRecords: Int) {
        while true {
            alarm.wait()
            condition.lock()
            if closed { break }
            guard let deadline = pendingDeadline else {
                condition.unlock()
                continue
            }
            if pendingCount < maxRecords && deadline > FlusherAlarm.monotonicNanos() {
                // Early (the alarm of a group already synced, or a group armed but not yet told): sleep until
                // this group's deadline.
                alarm.arm(atMonotonicNanos: deadline)
                condition.unlock()
                continue
            }
            let file = segment
            let target = lastIndex
            pendingDeadline = nil
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
            condition.unlock()
        }
        flusherRunning = false
        condition.broadcast()
        condition.unlock()
    }
}
