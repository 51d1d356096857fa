import Foundation
import OODACore

/// A message given to `ooda publish`: a complete envelope, or a draft holding only `kind` and `body` (and
/// optionally `timeNanos` and `causes`) that `ooda publish` stamps as its own source.
public enum MessageDraft {
    /// Why a line could not be made into an envelope.
    public struct Invalid: Error, CustomStringConvertible {
        public var description: String
    }

    /// Parses one JSON message.
    ///
    /// - Parameters:
    ///   - text: the JSON.
    ///   - where: names the input in errors (`messages.jsonl:3`).
    ///   - sequencer: stamps drafts.
    ///   - nowNanos: the event time of a draft without `timeNanos`.
    public static func envelope(
        from text: String,
        where location: String,
        sequencer: inout EnvelopeSequencer,
        nowNanos: Int64
    ) throws -> Envelope {
        let codec = WireCodec()
        guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
            throw Invalid(description: "\(location): not a JSON object")
        }
        if object["schema"] != nil {
            do {
                return try codec.decodeJSON(Array(text.utf8))
            } catch {
                throw Invalid(description: "\(location): \(error)")
            }
        }
        guard let kindName = object["kind"] as? String, let kind = MessageKind(rawValue: kindName) else {
            let kinds = MessageKind.allCases.map(\.rawValue).joined(separator: ", ")
            throw Invalid(description: "\(location): 'kind' must be one of \(kinds)")
        }
        guard object["body"] != nil else { throw Invalid(description: "\(location): 'body' is missing") }
        let timeNanos = (object["timeNanos"] as? NSNumber)?.int64Value ?? nowNanos
        let causes = (object["causes"] as? [String] ?? []).map(EventID.init(rawValue:))
        // Stamp a probe to learn the coordinates, then decode the draft's body through the wire codec so that it
        // is checked exactly as a subscriber will check it.
        var probe = sequencer
        let stamped = probe.stamp(.heartbeat(Heartbeat()), timeNanos: timeNanos, causes: causes)
        var full = object
        full["schema"] = SchemaVersion.current
        full["source"] = sequencer.source.rawValue
        full["epoch"] = NSNumber(value: sequencer.epoch)
        let sequence = (sequencer.lastSequence[kind] ?? 0) + 1
        full["sequence"] = NSNumber(value: sequence)
        full["id"] = EventID(source: sequencer.source, epoch: sequencer.epoch, kind: kind, sequence: sequence).rawValue
        full["timeNanos"] = NSNumber(value: stamped.timeNanos)
        full["causes"] = causes.map(\.rawValue)
        let envelope: Envelope
        do {
            envelope = try codec.decodeJSON(Array(try JSONSerialization.data(withJSONObject: full)))
        } catch {
            throw Invalid(description: "\(location): \(error)")
        }
        // Advance the real sequencer so the next draft of this kind follows on.
        _ = sequencer.stamp(envelope.body, timeNanos: timeNanos, causes: causes)
        return envelope
    }
}
