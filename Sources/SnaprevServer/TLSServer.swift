import Hummingbird
import HummingbirdCore

#if canImport(HummingbirdTLS)
  import HummingbirdTLS
  import NIOSSL
#endif

/// HTTPS through swift-nio-ssl (Hummingbird's TLS channel), when `--tls-cert` and `--tls-key`
/// are given. The certificate file may hold the whole chain.
enum TLSServer {
  static func builder(http: HTTP1Channel.Configuration, certificate: String, key: String) throws -> HTTPServerBuilder {
    #if canImport(HummingbirdTLS)
      do {
        let chain = try NIOSSLCertificate.fromPEMFile(certificate).map { NIOSSLCertificateSource.certificate($0) }
        let privateKey = try NIOSSLPrivateKey(file: key, format: .pem)
        let tls = TLSConfiguration.makeServerConfiguration(certificateChain: chain, privateKey: .privateKey(privateKey))
        return try .tls(.http1(configuration: http), tlsConfiguration: tls)
      } catch {
        throw ReviewServer.StartFailure.tls("cannot load the TLS certificate or key: \(error)")
      }
    #else
      throw ReviewServer.StartFailure.tls("this snaprev was built without TLS support")
    #endif
  }
}
