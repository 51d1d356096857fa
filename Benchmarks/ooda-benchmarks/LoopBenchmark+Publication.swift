import AsyncHTTPClient
import Foundation
import NIOCore
import OODAObserve

/// A stage's `ooda_event_age_at_publication_seconds` histogram for one kind, as its `/metrics` serves it: the
/// latency up to the moment the stage publishes, without the tap's extra hop.
struct PublicationAges {
    /// Cumulative counts by upper bound in seconds, ascending, `+Inf` last.
    var buckets: [(bound: Double, count: Double)]

    var count: Double { buckets.last?.count ?? 0 }

    /// Scrapes `http://ADDRESS/metrics` and keeps the histogram of `kind` published by `stage`.
    static func scrape(_ address: String, stage: String, kind: String) async throws -> PublicationAges {
        let request = HTTPClientRequest(url: "http://\(address)/metrics")
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(5))
        let text = String(buffer: try await response.body.collect(upTo: 16 << 20))
        let buckets = ExpositionParser().parse(text).samples.compactMap { sample -> (Double, Double)? in
            guard sample.name == "ooda_event_age_at_publication_seconds_bucket",
                sample.labels["stage"] == stage, sample.labels["kind"] == kind,
                let bound = sample.labels["le"].flatMap({ $0 == "+Inf" ? Double.infinity : Double($0) })
            else { return nil }
            return (bound, sample.value)
        }
        return PublicationAges(buckets: buckets.sorted { $0.0 < $1.0 }.map { (bound: $0.0, count: $0.1) })
    }

    /// The messages published after `earlier` was scraped.
    func since(_ earlier: PublicationAges) -> PublicationAges {
        PublicationAges(
            buckets: buckets.map { bucket in
                (bucket.bound, bucket.count - (earlier.buckets.first { $0.bound == bucket.bound }?.count ?? 0))
            }
        )
    }

    /// The `q` quantile in seconds, interpolated within its bucket as Prometheus's `histogram_quantile` does.
    func quantile(_ q: Double) -> Double {
        let rank = q * count
        var lower = (bound: 0.0, count: 0.0)
        for bucket in buckets {
            if bucket.count >= rank {
                guard bucket.bound.isFinite else { return lower.bound }
                let width = bucket.count - lower.count
                return lower.bound + (bucket.bound - lower.bound) * (width > 0 ? (rank - lower.count) / width : 0)
            }
            lower = bucket
        }
        return lower.bound
    }
}

/// A stage of the loop and the kind it publishes, whose publication ages the loop benchmark reports.
struct PublishedStage: Sendable {
    var stage: String
    var kind: String
    var label: String

    static let loop = [
        PublishedStage(stage: "observe", kind: "observation", label: "observation published (its cycle)"),
        PublishedStage(stage: "orient", kind: "orientation", label: "observation → orientation published"),
        PublishedStage(stage: "decide", kind: "decision", label: "observation → decision published"),
        PublishedStage(stage: "act", kind: "actionOutcome", label: "observation → outcome published"),
    ]

    func scrape(_ address: String) async throws -> PublicationAges {
        try await PublicationAges.scrape(address, stage: stage, kind: kind)
    }
}

/// A TCP port on the loopback interface that nothing listens on now (bound, read back and closed).
func freeLoopbackPort() throws -> Int {
    let socket = Foundation.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard socket >= 0 else { throw ReceiverError("socket() failed: errno \(errno)") }
    defer { close(socket) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address in
            bind(socket, address, length) == 0 && getsockname(socket, address, &length) == 0
        }
    }
    guard bound else { throw ReceiverError("cannot bind a loopback port: errno \(errno)") }
    return Int(UInt16(bigEndian: address.sin_port))
}
