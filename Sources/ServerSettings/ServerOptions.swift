/// How `snaprev serve` was asked to run.
public struct ServerOptions: Sendable, Equatable {
  /// Whether the HTTP listener runs (`--listen`, the default unless `--ssh-listen` is given alone).
  public var serveHTTP: Bool
  /// The SSH listener (`--ssh-listen`); nil when there is none.
  public var ssh: SSHSettings?
  public var host: String
  public var port: Int
  /// The snaprev store directory (as resolved by the CLI).
  public var storeRoot: String
  /// The one organization this server is (`{org}` in Sentry paths; any other is a 404).
  public var organization: String
  /// The URL clients reach this server at: the base of `snapshotUrl`, the objectstore URL
  /// handed to sentry-cli, and Software Heritage's `Link` and `target_url`. Default
  /// `http(s)://HOST:PORT`.
  public var publicURL: String?
  /// HTTPS with these PEM files; plain HTTP when nil.
  public var tls: TLSFiles?
  /// Software Heritage reads without a token (the public archive allows anonymous reads).
  public var publicArchive: Bool
  /// The largest request body accepted, and the largest a zstd body may decompress to.
  public var maxRequestBytes: Int
  /// Seconds an uploaded object may stay unreferenced by any created snapshot.
  public var orphanGrace: Double
  /// Seconds a client has to send a request's headers, and then its whole body.
  public var readTimeout: Double
  /// Seconds an open connection may sit without a request.
  public var idleTimeout: Double
  /// Seconds SIGTERM waits for requests in flight.
  public var shutdownTimeout: Double
  /// Failed authentication attempts per client address per minute before 429.
  public var failedAuthLimit: Int

  public static let defaultPort = 8740

  /// `--tls-cert` and `--tls-key`: one makes no sense without the other.
  public struct TLSFiles: Sendable, Equatable {
    /// The PEM certificate chain, leaf first.
    public var certificate: String
    /// The PEM private key of the leaf certificate.
    public var key: String

    public init(certificate: String, key: String) {
      self.certificate = certificate
      self.key = key
    }
  }

  public init(
    serveHTTP: Bool = true, ssh: SSHSettings? = nil, host: String = "127.0.0.1", port: Int = ServerOptions.defaultPort, storeRoot: String,
    organization: String = "default", publicURL: String? = nil, tls: TLSFiles? = nil,
    publicArchive: Bool = false, maxRequestBytes: Int = 256 << 20,
    orphanGrace: Double = 3600, readTimeout: Double = 60, idleTimeout: Double = 60,
    shutdownTimeout: Double = 30, failedAuthLimit: Int = 20
  ) {
    self.serveHTTP = serveHTTP
    self.ssh = ssh
    self.host = host
    self.port = port
    self.storeRoot = storeRoot
    self.organization = organization
    self.publicURL = publicURL
    self.tls = tls
    self.publicArchive = publicArchive
    self.maxRequestBytes = maxRequestBytes
    self.orphanGrace = orphanGrace
    self.readTimeout = readTimeout
    self.idleTimeout = idleTimeout
    self.shutdownTimeout = shutdownTimeout
    self.failedAuthLimit = failedAuthLimit
  }

  /// `--ssh-listen` and the options that go with it.
  public struct SSHSettings: Sendable, Equatable {
    public var host: String
    public var port: Int
    /// The OpenSSH-format authorized_keys file: who may log in, and under which name.
    public var authorizedKeys: String
    /// The host key (OpenSSH's unencrypted Ed25519 format); nil: the store's own, generated
    /// on first start (`defaultHostKey`).
    public var hostKey: String?
    /// Seconds a session may go without input from its client.
    public var idleTimeout: Double
    /// Sessions open at once, over all connections.
    public var maxSessions: Int
    /// Seconds a connection has to authenticate.
    public var loginTimeout: Double

    public static let defaultIdleTimeout = 1800.0
    public static let defaultMaxSessions = 64
    public static let defaultLoginTimeout = 30.0

    public init(
      host: String, port: Int, authorizedKeys: String, hostKey: String? = nil,
      idleTimeout: Double = SSHSettings.defaultIdleTimeout, maxSessions: Int = SSHSettings.defaultMaxSessions,
      loginTimeout: Double = SSHSettings.defaultLoginTimeout
    ) {
      self.host = host
      self.port = port
      self.authorizedKeys = authorizedKeys
      self.hostKey = hostKey
      self.idleTimeout = idleTimeout
      self.maxSessions = maxSessions
      self.loginTimeout = loginTimeout
    }

    /// Where the host key lives when `--host-key` is not given.
    public static func defaultHostKey(storeRoot: String) -> String { storeRoot + "/server/ssh_host_ed25519_key" }
  }

  /// The public URL without a trailing slash.
  public var baseURL: String {
    var url = publicURL ?? "\(tls == nil ? "http" : "https")://\(hostForURL):\(port)"
    while url.hasSuffix("/") { url.removeLast() }
    return url
  }

  private var hostForURL: String { host.contains(":") ? "[\(host)]" : host }

  /// Parses `HOST:PORT`, `[V6]:PORT`, `:PORT` or `PORT`.
  public static func parseListen(_ text: String) -> (host: String, port: Int)? {
    var host = "127.0.0.1"
    var portText = text
    if text.hasPrefix("[") {
      guard let close = text.firstIndex(of: "]") else { return nil }
      host = String(text[text.index(after: text.startIndex)..<close])
      let rest = text[text.index(after: close)...]
      guard rest.hasPrefix(":") else { return nil }
      portText = String(rest.dropFirst())
    } else if let colon = text.lastIndex(of: ":") {
      let given = String(text[..<colon])
      if !given.isEmpty { host = given }
      portText = String(text[text.index(after: colon)...])
    }
    guard let port = Int(portText), (0...65535).contains(port), !host.isEmpty else { return nil }
    return (host, port)
  }
}
