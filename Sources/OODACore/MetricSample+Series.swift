extension MetricSample {
    /// The sample's series as Prometheus writes it: `name{label="value",…}` with the labels sorted by name and
    /// their values escaped (`\\`, `\"`, `\n`), or the bare name when it has no labels.
    ///
    /// What a person reads in `ooda audit`, `ooda tap` and `ooda log cat`: without the labels, the samples of
    /// one metric for two devices would look like the same series twice.
    public var series: String {
        guard !labels.isEmpty else { return name }
        let pairs = labels.sorted { $0.key < $1.key }.map { "\($0.key)=\"\(Self.escaped($0.value))\"" }
        return "\(name){\(pairs.joined(separator: ","))}"
    }

    private static func escaped(_ value: String) -> String {
        var text = ""
        for character in value {
            switch character {
            case "\\": text += "\\\\"
            case "\"": text += "\\\""
            case "\n": text += "\\n"
            default: text.append(character)
            }
        }
        return text
    }
}
