import OODACore

/// Checks every record of one log or of every log under an events directory: layout, checksum, chain hash,
/// links, sequence numbers, and that each payload is an envelope this build reads.
public enum LogVerifier {
    /// Verifies the logs at `path` (an events directory or one stage's log).
    ///
    /// Each log is checked to its end or to its first bad record; a bad record does not stop the other logs.
    ///
    /// - Throws: ``EventLogError/Code/notFound`` or ``EventLogError/Code/emptyLog`` when there is no log there.
    public static func verify(path: String) throws(EventLogError) -> VerificationReport {
        VerificationReport(logs: try LogCatalog.logs(at: path).map(verify(directory:)))
    }

    private static func verify(directory: String) -> VerificationReport.LogCheck {
        var check = VerificationReport.LogCheck(directory: directory)
        do throws(EventLogError) {
            let reader = try EventLogReader(directory: directory)
            let segments = try reader.segments()
            check.segments = segments.count
            check.firstSegment = segments.first ?? 1
            var cursor = try reader.records()
            while let record = try cursor.next() {
                if check.records == 0 {
                    check.firstIndex = record.index
                    if check.firstSegment > 1 { check.anchor = record.previousHash }
                }
                check.records += 1
                check.bytes += Int64(record.nextPosition.offset - record.position.offset)
                check.lastIndex = record.index
                check.headHash = record.hash
                check.kinds[record.envelope.kind, default: 0] += 1
                let time = record.envelope.timeNanos
                check.timeRange =
                    check.timeRange.map { min($0.lowerBound, time)...max($0.upperBound, time) } ?? time...time
            }
            check.tornTail = cursor.tornTail
        } catch {
            check.failure = error
        }
        return check
    }
}
