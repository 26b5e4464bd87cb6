import Foundation
import ProcessSpawn
import Testing

/// `snaprev serve --tls-cert FILE --tls-key FILE`: HTTPS through swift-nio-ssl, checked by
/// curl against a self-signed certificate for 127.0.0.1 made by openssl; bad files stop the
/// server at start with a message naming the file.
@Suite(.serialized) struct TLSTests {
  struct Files {
    let directory: String
    var certificate: String { directory + "/cert.pem" }
    var key: String { directory + "/key.pem" }
    /// A key of another certificate.
    var otherKey: String { directory + "/other-key.pem" }
  }

  /// A self-signed P-256 certificate for IP 127.0.0.1 (valid one day), its key, and an
  /// unrelated key.
  static func makeFiles() throws -> Files {
    let files = Files(directory: try Harness.temporaryDirectory("tls"))
    for (key, certificate) in [(files.key, files.certificate), (files.otherKey, files.directory + "/other-cert.pem")] {
      let made = try Harness.run(
        "/usr/bin/openssl",
        [
          "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key, "-out",
          certificate, "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
        ], directory: files.directory, timeout: 60)
      guard made.status == 0 else { throw HarnessError("openssl req failed: \(made.stderrText)") }
    }
    return files
  }

  static func curl(_ arguments: [String]) throws -> Spawn.Finished {
    try Harness.run("/usr/bin/curl", ["--silent", "--show-error", "--max-time", "20"] + arguments, timeout: 30)
  }

  @Test func httpsServesTheSnapshotDetailsAndPlainHTTPIsNotAnswered() throws {
    let files = try Self.makeFiles()
    let store = files.directory + "/store"
    let folder = files.directory + "/shots"
    try Harness.folder(folder, ["home.png": (40, nil), "settings/list.png": (90, 3)])
    let uploaded = try Harness.snaprev(["upload", folder, "--store", store, "--project", "web", "--app-id", "app"])
    #expect(uploaded.status == 0, "\(uploaded.stderrText)")
    let reader = try Harness.createToken(store: store, name: "reader", scopes: ["project:read"])
    let server = try ServerProcess(store: store, arguments: ["--tls-cert", files.certificate, "--tls-key", files.key])
    defer { server.stop() }
    let url = "https://127.0.0.1:\(server.port)/api/0/organizations/default/preprodartifacts/snapshots/1/"

    let details = try Self.curl(["--cacert", files.certificate, "-H", "Authorization: Bearer \(reader)", url])
    let shown = try Harness.snaprev(["show", "1", "--store", store])
    #expect(details.status == 0, "\(details.stderrText)")
    #expect(shown.status == 0 && !shown.stdout.isEmpty)
    #expect(details.stdout == shown.stdout)
    // The public URL the server hands out (objectstore URL, snapshotUrl, Link) is https.
    #expect(server.log.contains("public URL https://127.0.0.1:\(server.port)"), "\(server.log)")

    // curl's own trust store does not know the self-signed certificate: the handshake is real.
    let untrusted = try Self.curl(["-H", "Authorization: Bearer \(reader)", url])
    #expect(untrusted.status == 60, "curl exit \(untrusted.status): \(untrusted.stderrText)")

    // Plain HTTP on the TLS port: no HTTP answer, and the connection is closed promptly.
    let started = Date()
    let plain = try HTTP.raw(port: server.port, Array("GET /api/0/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".utf8), timeout: 10)
    #expect(!plain.contains("HTTP/1."), "\(plain.debugDescription)")
    #expect(Date().timeIntervalSince(started) < 5)
    let plainCurl = try Self.curl(["-o", "/dev/null", "-w", "%{http_code}", "http://127.0.0.1:\(server.port)/api/0/"])
    #expect(plainCurl.status != 0 && plainCurl.stdoutText == "000", "curl exit \(plainCurl.status): \(plainCurl.stdoutText)")

    // The server still serves HTTPS after the plain-text attempt, and stops cleanly.
    #expect(try Self.curl(["--cacert", files.certificate, "-H", "Authorization: Bearer \(reader)", url]).stdout == shown.stdout)
    #expect(server.stop() == 0)
  }

  @Test func certificateAndKeyGoTogether() throws {
    let files = try Self.makeFiles()
    let store = files.directory + "/store"
    let onlyCertificate = try Harness.snaprev(["serve", "--listen", "127.0.0.1:0", "--store", store, "--tls-cert", files.certificate])
    #expect(onlyCertificate.status == 64)
    #expect(onlyCertificate.stderrText.contains("--tls-cert \(files.certificate) needs --tls-key"), "\(onlyCertificate.stderrText)")
    let onlyKey = try Harness.snaprev(["serve", "--listen", "127.0.0.1:0", "--store", store, "--tls-key", files.key])
    #expect(onlyKey.status == 64)
    #expect(onlyKey.stderrText.contains("--tls-key \(files.key) needs --tls-cert"), "\(onlyKey.stderrText)")
    #expect(!FileManager.default.fileExists(atPath: store))
  }

  /// `serve` with these files: exit 1 at once, the message on stderr, no port written.
  static func refusedStart(_ files: Files, certificate: String, key: String) throws -> Spawn.Finished {
    let portFile = files.directory + "/port-\(UUID().uuidString)"
    let run = try Harness.snaprev(
      ["serve", "--listen", "127.0.0.1:0", "--store", files.directory + "/store", "--port-file", portFile, "--tls-cert", certificate,
       "--tls-key", key])
    #expect(!FileManager.default.fileExists(atPath: portFile), "the server listened")
    return run
  }

  @Test func badCertificateOrKeyFilesStopTheStartNamingTheFile() throws {
    let files = try Self.makeFiles()
    let garbage = files.directory + "/garbage.pem"
    try Data("-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n".utf8).write(
      to: URL(fileURLWithPath: garbage))
    let missing = files.directory + "/missing.pem"

    let cases: [(certificate: String, key: String, message: String)] = [
      (missing, files.key, "--tls-cert \(missing): cannot read the file: No such file or directory"),
      (files.directory, files.key, "--tls-cert \(files.directory): cannot read the file: Is a directory"),
      (garbage, files.key, "--tls-cert \(garbage): not a PEM certificate"),
      (files.key, files.key, "--tls-cert \(files.key): not a PEM certificate"),
      (files.certificate, missing, "--tls-key \(missing): cannot read the file: No such file or directory"),
      (files.certificate, files.certificate, "--tls-key \(files.certificate): not a PEM private key"),
      (files.certificate, garbage, "--tls-key \(garbage): not a PEM private key"),
      (
        files.certificate, files.otherKey,
        "--tls-key \(files.otherKey) is not the private key of the certificate in --tls-cert \(files.certificate)"
      ),
    ]
    for (certificate, key, message) in cases {
      let run = try Self.refusedStart(files, certificate: certificate, key: key)
      #expect(run.status == 1, "\(certificate) \(key): exit \(run.status) \(run.stderrText)")
      #expect(run.stderrText.hasPrefix("snaprev serve: " + message), "\(run.stderrText)")
      #expect(run.stderrText.split(separator: "\n").count == 1, "one line: \(run.stderrText)")
    }
    // A control character in a file name is escaped in the message, not sent to the terminal.
    let hostile = files.directory + "/\u{1B}]2;owned\u{07}.pem"
    let run = try Self.refusedStart(files, certificate: hostile, key: files.key)
    #expect(run.status == 1 && run.stderrText.contains("\\e]2;owned") && !run.stderrText.contains("\u{1B}"), "\(run.stderrText.debugDescription)")
  }
}
