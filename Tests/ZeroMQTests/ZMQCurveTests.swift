import Testing
import ZeroMQ

@Suite(.serialized)
struct ZMQCurveTests {
    @Test func anEncryptedConnectionDeliversWithTheServersPublicKey() throws {
        let context = try ZMQContext()
        let serverKeys = try ZMQCurveKeyPair.generate()
        let clientKeys = try ZMQCurveKeyPair.generate()

        let server = try ZMQSocket(context, type: .pull)
        try server.set(.curveServer, true)
        try server.set(.curveSecretKey, serverKeys.secretKey)
        try server.bind(TestEndpoint.anyLoopbackPort)
        let endpoint = try server.lastEndpoint

        let client = try ZMQSocket(context, type: .push)
        try client.set(.curvePublicKey, clientKeys.publicKey)
        try client.set(.curveSecretKey, clientKeys.secretKey)
        try client.set(.curveServerKey, serverKeys.publicKey)
        try client.connect(endpoint)
        try client.send([1, 2, 3])

        try server.set(.receiveTimeout, .seconds(5))
        #expect(try server.receive() == [[1, 2, 3]])
    }
}
