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
                samples = try reader.readArray { reader throws(JSONProblem) in try MetricSample(json: &reader) }
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

    init(json reader: inout JSONReader) throws(JSONProblem) {
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
                labels =
                    try reader.readNull()
                    ? [:] : reader.readObject { reader throws(JSONProblem) in try reader.readString() }
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
