import OODACore

extension DecisionTrail {
    /// The trail as one JSON object: `decision`, `orientation`, `observations`, `outcome`, each the envelope
    /// exactly as the wire format defines it (null when absent).
    public var json: String {
        let codec = WireCodec()
        func encode(_ envelope: Envelope?) -> String {
            envelope.map { String(decoding: codec.encodeJSON($0), as: UTF8.self) } ?? "null"
        }
        let observations = observations.map { encode($0) }.joined(separator: ",")
        return #"{"decision":\#(encode(decision)),"orientation":\#(encode(orientation)),"#
            + #""observations":[\#(observations)],"outcome":\#(encode(outcome))}"#
    }
}
