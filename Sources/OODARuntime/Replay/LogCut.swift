import OODACore
import OODAEventLog

/// Where replay stops reading each stage's log: a cut through logs that may still be growing, taken so that
/// every event read has its causes read too.
///
/// The stages append while replay reads. Read each log to whatever end its reader meets, and orient's reader,
/// finishing later than observe's, reads orientations whose observations were appended after observe's reader
/// stopped: they would show as differences. So the ends are taken once, before reading, consumers first:
/// decide, then act and orient (whose outcomes and orientations decide's decisions name), then observe (whose
/// observations orient's orientations name). A stage appends an event after the events it came from were
/// appended, so each end taken later covers the causes of everything before an end taken earlier.
struct LogCut {
    private var ends: [StageName: RecordPosition] = [:]

    /// The logs' ends under `eventsDirectory` now; a missing or empty log has none (it is read to its end).
    static func take(eventsDirectory: String) -> LogCut {
        var cut = LogCut()
        for stage in [StageName.decide, .act, .orient, .observe] {
            let directory = "\(eventsDirectory)/\(stage.rawValue)"
            // A log that cannot be measured now is read to its end, as before there were cuts; reading it reports
            // what is wrong with it.
            cut.ends[stage] = try? EventLogReader(directory: directory).end()
        }
        return cut
    }

    /// Where reading `stage`'s log stops.
    func end(of stage: StageName) -> RecordPosition? { ends[stage] }
}
