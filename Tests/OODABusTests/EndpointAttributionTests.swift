import Testing

@testable import OODABus

/// Monitor events name the address libzmq connected to; reports and retries need the endpoint as configured.
@Suite struct EndpointAttributionTests {
    @Test func aResolvedAddressIsAttributedToTheConfiguredName() {
        var attribution = EndpointAttribution(configured: [
            "tcp://localhost:5553", "tcp://127.0.0.2:5553", "tcp://localhost:5554", "ipc:///run/ooda/d.sock",
        ])
        #expect(attribution.configuredEndpoint(for: "tcp://127.0.0.1:5553") == "tcp://localhost:5553")
        #expect(attribution.configuredEndpoint(for: "tcp://127.0.0.2:5553") == "tcp://127.0.0.2:5553")
        #expect(attribution.configuredEndpoint(for: "tcp://127.0.0.1:5554") == "tcp://localhost:5554")
        #expect(attribution.configuredEndpoint(for: "ipc:///run/ooda/d.sock") == "ipc:///run/ooda/d.sock")
        // Nothing configured there: the event's own endpoint.
        #expect(attribution.configuredEndpoint(for: "tcp://10.9.9.9:5553") == "tcp://10.9.9.9:5553")
    }

    @Test func hostsAndPortsAreReadFromEndpoints() {
        #expect(EndpointAttribution.tcpHostAndPort("tcp://decide:5553")! == ("decide", "5553"))
        #expect(EndpointAttribution.tcpHostAndPort("tcp://[::1]:5553")! == ("::1", "5553"))
        #expect(EndpointAttribution.tcpHostAndPort("tcp://10.0.0.1;decide:5553")! == ("decide", "5553"))
        #expect(EndpointAttribution.tcpHostAndPort("ipc:///tmp/x") == nil)
    }
}
