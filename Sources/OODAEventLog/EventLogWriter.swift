import Glibc
import Logging
import OODACore

/// The one writer of a log directory (`events/<stage>/`): appends envelopes as checked, chained records.
///
/// Opening takes an exclusive lock on the directory (a second writer gets ``EventLogError/Code/locked``), checks
/// the last segment, and cuts a torn tail, reporting it in ``recovery``. Each append is written before it
/// returns; when it becomes durable depends on the ``Durability``. A stage appends an event before it publishes
/// it (write-ahead).
///
/// - Important: `append` makes a `write(2)` call (and an `fdatasync` with ``Durability/always`` or `sync: true`)
///   on the calling thread. Both are short; a stage that cannot afford them on a concurrency thread calls from
///   its own thread.
public final class EventLogWriter: Sendable {
    /// The log directory.
    public let directory: String
    public let configuration: EventLogConfiguration
    /// What opening found and repaired.
    public let recovery: LogRecovery
    private let appender: LogAppender

    /// Opens (creating it if needed) the log in `directory` for appending.
    ///
    /// - Parameters:
    ///   - directory: the log's directory, e.g. `events/decide`; created with its parents if missing.
    ///   - configuration: segment size and durability.
    ///   - logger: where a cut torn tail and a failed background sync are reported.
    /// - Throws: ``EventLogError``: ``EventLogError/Code/locked`` if another writer has it open, or the first
    ///   corrupt record of the last segment (run `ooda log verify` on it), or an I/O error.
    public init(
        directory: String,
        configuration: EventLogConfiguration = EventLogConfiguration(),
        logger: Logger
    ) throws(EventLogError) {
        let log = LogDirectory(directory)
        try log.create()
        let lockDescriptor = try log.lockForWriting()
        do {
            let (recovery, end) = try LogRecovery.recover(log)
            let segment: SegmentFile
            let recovered: LogRecovery.End
            if let end {
                segment = try SegmentFile.openForAppend(log.segmentPath(end.segment))
                recovered = end
            } else {
                segment = try SegmentFile.create(log.segmentPath(1))
                try log.sync()
                recovered = LogRecovery.End(segment: 1, size: 0, lastIndex: 0, lastHash: .genesis)
            }
            if let tornTail = recovery.tornTail {
                logger.warning("event log: cut a torn tail", metadata: ["detail": "\(tornTail)"])
            }
            self.directory = log.path
            self.configuration = configuration
            self.recovery = LogRecovery(
                segments: max(1, recovery.segments),
                lastIndex: recovered.lastIndex,
                lastHash: recovered.lastHash,
                checkedRecords: recovery.checkedRecords,
                tornTail: recovery.tornTail
            )
            self.appender = try LogAppender(
                log: log,
                configuration: configuration,
                logger: logger,
                lockDescriptor: lockDescriptor,
                segmentIndex: recovered.segment,
                segment: segment,
                segmentSize: recovered.size,
                lastIndex: recovered.lastIndex,
                lastHash: recovered.lastHash
            )
            // A smaller budget than the log's last run had takes effect at once, not at the next rotation.
            appender.applyRetention()
        } catch {
            Glibc.close(lockDescriptor)
            throw error
        }
    }

    deinit { try? appender.close() }

    /// Encodes the envelope once (``WireCodec/encodeJSON(_:)``) and appends it.
    ///
    /// - Parameters:
    ///   - envelope: the event.
    ///   - sync: true to return only once this record (and all before it) is durable, whatever the
    ///     durability setting: act records its intent this way before it acts.
    /// - Returns: the record's index and position.
    /// - Throws: ``EventLogError`` if the write fails or the writer is closed or failed.
    @discardableResult
    public func append(_ envelope: Envelope, sync: Bool = false) throws(EventLogError) -> AppendedRecord {
        try append(encodedJSON: WireCodec().encodeJSON(envelope), sync: sync)
    }

    /// Appends an envelope already encoded by ``WireCodec/encodeJSON(_:)``, stored byte for byte: the stage
    /// encodes once for the log and the wire.
    ///
    /// - Parameters:
    ///   - encodedJSON: the envelope JSON; one line, a JSON object.
    ///   - sync: as for ``append(_:sync:)``.
    ///   - preamble: called when this record would start a new segment, with the writer's lock held (so keep it
    ///     quick): the encoded envelope to write first, as the new segment's first record, or nil. A stage
    ///     re-announces its run there (`StageStarted` with `continued`), so that each segment can be replayed once
    ///     the ones before it are removed.
    /// - Throws: ``EventLogError/Code/invalidPayload`` if the bytes (or the preamble's) are not one line of a JSON
    ///   object, or as for ``append(_:sync:)``.
    @discardableResult
    public func append(
        encodedJSON: [UInt8],
        sync: Bool = false,
        startingSegmentWith preamble: () -> [UInt8]? = { nil }
    ) throws(EventLogError) -> AppendedRecord {
        let (record, call) = try appendLeavingFlusher(encodedJSON, sync: sync, preamble: preamble)
        appender.callFlusher(call)
        return record
    }

    /// Appends an encoded envelope as ``append(encodedJSON:sync:)`` does, runs `next` (a stage publishes the event
    /// there), and only then tells the group-commit flusher, whether `next` returns or throws.
    ///
    /// The first record of a group arms the flusher's alarm, a system call on the appending thread; a full group
    /// wakes the flusher, which on a virtual machine also sends an interrupt to another CPU (10 to 15 µs measured
    /// on an idle two-core VM). This moves both out of the way of the publication. The group's deadline
    /// (``Durability/group(maxDelay:maxRecords:)``) still counts from the append. With the other durabilities this
    /// is an append followed by `next`.
    ///
    /// - Throws: the append's ``EventLogError`` (and `next` is not run), or what `next` throws.
    public func append<Result>(
        encodedJSON: [UInt8],
        sync: Bool = false,
        startingSegmentWith preamble: () -> [UInt8]? = { nil },
        beforeCommitting next: (AppendedRecord) async throws -> Result
    ) async throws -> Result {
        let (record, call) = try appendLeavingFlusher(encodedJSON, sync: sync, preamble: preamble)
        defer { appender.callFlusher(call) }
        return try await next(record)
    }

    private func appendLeavingFlusher(
        _ encodedJSON: [UInt8],
        sync: Bool,
        preamble: () -> [UInt8]?
    ) throws(EventLogError) -> (AppendedRecord, LogAppender.FlusherCall) {
        try encodedJSON.withUnsafeBytes { bytes in
            Swift.Result { () throws(EventLogError) in try appender.append(bytes, sync: sync, preamble: preamble) }
        }.get()
    }

    /// Makes every record appended so far durable (`flush`).
    public func sync() throws(EventLogError) { try appender.sync() }

    /// Makes everything durable, stops the flusher and releases the log. Appends after it throw.
    public func close() throws(EventLogError) { try appender.close() }
}
