import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import NIOSSL
import TextEscaping

/// HTTPS through swift-nio-ssl (Hummingbird's TLS channel), when `--tls-cert` and `--tls-key`
/// are given. The certificate file may hold the whole chain (leaf first).
enum TLSServer {
  /// The server's TLS context, built before anything listens: Hummingbird builds the TLS
  /// channel only when the server starts, and its errors there name neither file, so a bad
  /// file is caught here with a message that names it.
  static func configuration(certificate: String, key: String) throws(TLSFileProblem) -> TLSConfiguration {
    let chain: [NIOSSLCertificate]
    do {
      chain = try NIOSSLCertificate.fromPEMBytes(readPEM(certificate, option: "--tls-cert"))
    } catch let problem as TLSFileProblem {
      throw problem
    } catch {
      throw .notPEM(option: "--tls-cert", path: certificate, expected: "certificate", detail: "\(error)")
    }
    guard !chain.isEmpty else {
      throw .notPEM(option: "--tls-cert", path: certificate, expected: "certificate", detail: "no CERTIFICATE block")
    }
    let privateKey: NIOSSLPrivateKey
    do {
      privateKey = try NIOSSLPrivateKey(bytes: readPEM(key, option: "--tls-key"), format: .pem)
    } catch let problem as TLSFileProblem {
      throw problem
    } catch {
      throw .notPEM(option: "--tls-key", path: key, expected: "private key", detail: "\(error)")
    }
    let configuration = TLSConfiguration.makeServerConfiguration(
      certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(privateKey))
    // BoringSSL checks that the key is the leaf certificate's when it loads both into a context.
    do {
      _ = try NIOSSLContext(configuration: configuration)
    } catch {
      throw .keyMismatch(certificate: certificate, key: key, detail: "\(error)")
    }
    return configuration
  }

  static func builder(http: HTTP1Channel.Configuration, tls: TLSConfiguration) throws -> HTTPServerBuilder {
    try .tls(.http1(configuration: http), tlsConfiguration: tls)
  }

  /// A PEM file is a few KB (a chain of three certificates: about 6 KB); anything past
  /// this is not one, and is not read whole into memory.
  static let largestPEMFile = 1 << 20

  private static func readPEM(_ path: String, option: String) throws(TLSFileProblem) -> [UInt8] {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { throw .unreadable(option: option, path: path, reason: String(cString: strerror(errno))) }
    defer { close(descriptor) }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 16 << 10)
    while true {
      let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
      if count < 0 {
        if errno == EINTR { continue }
        throw .unreadable(option: option, path: path, reason: String(cString: strerror(errno)))
      }
      if count == 0 { return bytes }
      bytes += buffer[0..<count]
      guard bytes.count <= largestPEMFile else {
        throw .unreadable(option: option, path: path, reason: "larger than \(largestPEMFile) bytes, not a PEM file")
      }
    }
  }
}

/// Why `--tls-cert`/`--tls-key` cannot serve: each names the option and the file.
public enum TLSFileProblem: Error, CustomStringConvertible, Equatable {
  case unreadable(option: String, path: String, reason: String)
  case notPEM(option: String, path: String, expected: String, detail: String)
  case keyMismatch(certificate: String, key: String, detail: String)

  public var description: String {
    switch self {
    case .unreadable(let option, let path, let reason):
      return "\(option) \(SafeText.escaped(path)): cannot read the file: \(reason)"
    case .notPEM(let option, let path, let expected, let detail):
      return "\(option) \(SafeText.escaped(path)): not a PEM \(expected) (\(SafeText.escaped(detail)))"
    case .keyMismatch(let certificate, let key, let detail):
      return
        "--tls-key \(SafeText.escaped(key)) is not the private key of the certificate in --tls-cert \(SafeText.escaped(certificate)) (\(SafeText.escaped(detail)))"
    }
  }
}
