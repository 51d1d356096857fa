import OODACore

extension ReplaySession {
    /// The first difference between two orientations, for a person.
    static func explain(_ recorded: Orientation, _ replayed: Orientation) -> String {
        if recorded.recommended != replayed.recommended || recorded.confidence != replayed.confidence {
            return "recorded \(recorded.recommended) (\(recorded.confidence)), replayed \(replayed.recommended) "
                + "(\(replayed.confidence))"
        }
        for (index, field) in recorded.fields.enumerated() where index < replayed.level.count {
            if recorded.level[index].bitPattern != replayed.level[index].bitPattern {
                return "level of \(field): recorded \(recorded.level[index]), replayed \(replayed.level[index])"
            }
            if recorded.trend[index].bitPattern != replayed.trend[index].bitPattern {
                return "trend of \(field): recorded \(recorded.trend[index]), replayed \(replayed.trend[index])"
            }
        }
        if recorded.filter != replayed.filter { return "the filter state differs (covariance or noise)" }
        return "the scores or reasoning differ"
    }

    /// The difference between two decisions, for a person.
    static func explain(_ recorded: Decision, _ other: Decision, recordedWord: String, otherWord: String) -> String {
        if recorded.action != other.action {
            let rails = other.guardRails.map(\.name)
            return
                "\(recordedWord) \(recorded.action) (confidence \(recorded.confidence), threshold \(recorded.threshold)), "
                + "\(otherWord) \(other.action) (threshold \(other.threshold)"
                + (rails.isEmpty ? ")" : ", rails: \(rails.joined(separator: ", ")))")
        }
        if recorded.guardRails != other.guardRails { return "same action, other guard rails" }
        if recorded.engine != other.engine { return "same action, other engine state (clocks or replicas)" }
        return "same action, other reasoning or confidence"
    }
}
