#if canImport(Glibc)
import Glibc
#endif

// The hand-written JSON form of Observation and MetricSample: the same bytes as their Codable conformances
// through JSONEncoder (keys sorted, empty labels omitted), read as JSONDecoder reads them.

extension Observation {
    func writeJSON(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("samples")
        writer.beginArray()
        for sample in samples { sample.writeJSON(to: &writer) }
        writer.endArray()
        writer.endObject()
    }

    init(json reader: inout JSONReader) throws(JSONProblem) {
        let start = try reader.beginObject("JSON object")
        var samples: [MetricSample]?
        while let key = try reader.memberKey() {
            switch key {
            case "samples" where samples == nil:
                var recent = RecentLabels()
                samples = try reader.readArray { reader throws(JSONProblem) in
                    try MetricSample(json: &reader, recent: &recent)
                }
            default: try reader.skipValue()
            }
        }
        self.init(samples: try reader.required(samples, "samples", in: start))
    }
}

extension MetricSample {
    func writeJSON(to writer: inout JSONWriter) {
        writer.beginObject()
        if !labels.isEmpty {
            writer.key("labels")
            writer.object(labels) { writer, value in writer.string(value) }
        }
        writer.key("name")
        writer.string(name)
        writer.key("source")
        writer.string(source)
        writer.key("value")
        writer.double(value)
        writer.endObject()
    }

    init(json reader: inout JSONReader, recent: inout RecentLabels) throws(JSONProblem) {
        let start = try reader.beginObject("JSON object")
        var name: String?
        var value: Double?
        var labels: [String: String]?
        var source: String?
        while let key = try reader.memberKey() {
            switch key {
            case "name" where name == nil: name = try reader.readString()
            case "value" where value == nil: value = try reader.readDouble()
            case "source" where source == nil: source = try reader.readString()
            case "labels" where labels == nil:
                // decodeIfPresent: null is the same as absent.
                labels = try reader.readNull() ? [:] : recent.read(&reader)
            default: try reader.skipValue()
            }
        }
        self.init(
            name: try reader.required(name, "name", in: start),
            value: try reader.required(value, "value", in: start),
            labels: labels ?? [:],
            source: try reader.required(source, "source", in: start)
        )
    }
}

/// The labels of the sample read before, with the bytes they were read from. The samples of one source mostly
/// carry the same labels, and a dictionary reused for the same bytes costs no allocation and no hashing: for an
/// Observation of 8 samples with one label set, that is 7 dictionaries fewer to build.
struct RecentLabels {
    private var text: UnsafeBufferPointer<UInt8>?
    private var labels: [String: String] = [:]

    /// The labels object at the reader's position: the last one's dictionary when the bytes are the same, else
    /// the object read in full (and remembered).
    mutating func read(_ reader: inout JSONReader) throws(JSONProblem) -> [String: String] {
        reader.skipWhitespace()
        let start = reader.position
        if let text, start + text.count <= reader.bytes.count, let base = reader.bytes.baseAddress,
            memcmp(base + start, text.baseAddress!, text.count) == 0
        {
            // Same bytes up to where the last object closed: the same object, already checked and read.
            reader.position += text.count
            reader.afterValue = true
            return labels
        }
        labels = try reader.readObject { reader throws(JSONProblem) in try reader.readString() }
        text = UnsafeBufferPointer(rebasing: reader.bytes[start..<reader.position])
        return labels
    }
}
