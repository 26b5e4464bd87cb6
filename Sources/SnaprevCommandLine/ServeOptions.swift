import ArgumentParser
import ServerSettings

/// `snaprev serve`'s options, help and exit codes, shared by the two executables: `snaprev`
/// parses and checks them (so `snaprev serve --help` and usage errors need no server code),
/// then hands the same arguments to `snaprev-serve`, which holds the server.
///
/// Why a second executable: SwiftNIO, Hummingbird and BoringSSL were most of the one static
/// binary, and every command paid to load them: the Swift runtime answers ArgumentParser's
/// first protocol-conformance queries by scanning every conformance record in the binary,
/// and the loader applies every relocation (docs/PERFORMANCE.md, "Start-up").
public struct ServeOptions: ParsableArguments {
  public init() {}

  /// The command's help text, the same in both executables.
  public static let abstract =
    "Serve the store over HTTP: Sentry's snapshot API (sentry-cli) and Software Heritage's snapshot API."

  public static let discussion = """
      Sentry (token with a scope; create one with `snaprev token create`):
        GET  /api/0/organizations/ORG/preprodartifacts/snapshots/ID/[?compact_metadata=1]
             exactly `snaprev show ID [--compact-metadata]`
        GET  /api/0/projects/ORG/PROJECT/files/images/KEY/
             an image or diff mask by the key the details name (key, diff_image_key)
        sentry-cli --url URL snapshots upload DIR --app-id A --org ORG --project P --auth-token T
        sentry-cli --url URL snapshots download --app-id A [--branch B] | --snapshot-id ID
        sentry-cli --url URL info
      Software Heritage (a token unless --public-archive), what `snaprev archive`/`import` stored:
        GET|HEAD /api/1/snapshot/ID/[?branches_from=&branches_count=&target_types=]
             JSON, or YAML with Accept: application/yaml; Link: <…>; rel="next"
        GET  /api/1/origin/URL/visits/, /api/1/origin/URL/visit/latest/, POST /api/1/known/
      Authorization: Bearer TOKEN only; 401 without a valid token, 403 without the scope,
      429 after repeated failures from one address. One line per request on stderr (id,
      method, path, status, bytes, duration). SIGTERM or SIGINT: requests in flight finish
      (up to --shutdown-timeout), then exit 0. Production setup: README, "Running a review server".
      HTTPS: --tls-cert FULLCHAIN.pem --tls-key KEY.pem (both or neither; PEM, the
      chain leaf first), read and checked at start; or plain HTTP behind a TLS proxy.
      SSH (--ssh-listen HOST:PORT --authorized-keys FILE; alone without --listen):
        ssh -t -p PORT HOST [review ID]    the build list, or one build's reviewer
        ssh -p PORT HOST list | status ID | approve ID    exit status as snaprev's
      Public keys only (ed25519, ecdsa-sha2-nistp256/384/521); a key's comment is
      the reviewer's name, recorded with the key's fingerprint; the file is read
      again when it changes. Host key: --host-key, else one made in the store
      (--print-host-key). No shell, sftp, forwarding. Setup: README, "Over SSH".
      \(ServeExit.table.block)
      """

  @Option(
    name: .long,
    help: ArgumentHelp(
      "HTTP address and port to listen on (port 0: any free port; default 127.0.0.1:\(ServerOptions.defaultPort), "
        + "none when only --ssh-listen is given).", valueName: "host:port"))
  public var listen: String?

  @OptionGroup public var storeOptions: StoreOptions

  @Option(name: .long, help: ArgumentHelp("The organization slug of Sentry paths.", valueName: "slug"))
  public var org = "default"

  @Option(
    name: .long,
    help: ArgumentHelp(
      "The URL clients reach this server at (behind a reverse proxy); default http(s)://HOST:PORT.", valueName: "url"))
  public var publicURL: String?

  @Option(name: .long, help: ArgumentHelp("PEM certificate chain (leaf first): serve HTTPS. Needs --tls-key.", valueName: "file"))
  public var tlsCert: String?

  @Option(name: .long, help: ArgumentHelp("PEM private key of the --tls-cert certificate.", valueName: "file"))
  public var tlsKey: String?

  @Flag(name: .long, help: "Serve the Software Heritage API without a token.")
  public var publicArchive = false

  @Option(name: .long, help: ArgumentHelp("Largest request body, and largest decoded zstd body.", valueName: "bytes"))
  public var maxRequestBytes = 256 << 20

  @Option(name: .long, help: ArgumentHelp("Seconds before uploaded objects no snapshot uses are removed.", valueName: "s"))
  public var orphanGrace = 3600.0

  @Option(
    name: .long,
    help: ArgumentHelp("Seconds a client has to send a request (headers, then body); idle connections close too.", valueName: "s"))
  public var readTimeout = 60.0

  @Option(name: .long, help: ArgumentHelp("Seconds SIGTERM waits for requests in flight.", valueName: "s"))
  public var shutdownTimeout = 30.0

  @Option(name: .long, help: ArgumentHelp("Failed authentications per client address per minute before 429 (SSH: dropped).", valueName: "n"))
  public var failedAuthLimit = 20

  @Option(name: .long, help: ArgumentHelp("Write the bound port to this file once listening.", valueName: "file"))
  public var portFile: String?

  @Option(
    name: .long,
    help: ArgumentHelp("Also (or only) serve the reviewer over SSH on this address and port.", valueName: "host:port"))
  public var sshListen: String?

  @Option(
    name: .long,
    help: ArgumentHelp(
      "Who may log in over SSH (OpenSSH authorized_keys; the key's comment is the reviewer's name).",
      valueName: "file"))
  public var authorizedKeys: String?

  @Option(
    name: .long,
    help: ArgumentHelp(
      "The SSH host key (unencrypted Ed25519, ssh-keygen's format); default: generated in the store.",
      valueName: "file"))
  public var hostKey: String?

  @Option(name: .long, help: ArgumentHelp("Seconds an SSH session may go without input.", valueName: "s"))
  public var sshIdleTimeout = ServerOptions.SSHSettings.defaultIdleTimeout

  @Option(name: .long, help: ArgumentHelp("SSH sessions open at once, over all connections.", valueName: "n"))
  public var sshMaxSessions = ServerOptions.SSHSettings.defaultMaxSessions

  @Option(name: .long, help: ArgumentHelp("Seconds an SSH connection has to authenticate.", valueName: "s"))
  public var sshLoginTimeout = ServerOptions.SSHSettings.defaultLoginTimeout

  @Option(name: .long, help: ArgumentHelp("Write the bound SSH port to this file once listening.", valueName: "file"))
  public var sshPortFile: String?

  @Flag(name: .long, help: "Print the SSH host key's fingerprint (creating the key if needed) and exit.")
  public var printHostKey = false

  public func validate() throws {
    if let listen, ServerOptions.parseListen(listen) == nil {
      throw ValidationError("--listen \(StoreOutput.safe(listen)): expected HOST:PORT")
    }
    switch (sshListen, authorizedKeys) {
    case (let address?, nil):
      throw ValidationError("--ssh-listen \(StoreOutput.safe(address)) needs --authorized-keys: who may log in")
    case (nil, let file?):
      throw ValidationError("--authorized-keys \(StoreOutput.safe(file)) needs --ssh-listen")
    case (let address?, _?):
      guard ServerOptions.parseListen(address) != nil else {
        throw ValidationError("--ssh-listen \(StoreOutput.safe(address)): expected HOST:PORT")
      }
    default: break
    }
    guard sshIdleTimeout > 0, sshMaxSessions > 0, sshLoginTimeout > 0 else {
      throw ValidationError("--ssh-idle-timeout, --ssh-max-sessions and --ssh-login-timeout must be positive")
    }
    switch (tlsCert, tlsKey) {
    case (let certificate?, nil):
      throw ValidationError("--tls-cert \(StoreOutput.safe(certificate)) needs --tls-key: give both to serve HTTPS, or neither")
    case (nil, let key?):
      throw ValidationError("--tls-key \(StoreOutput.safe(key)) needs --tls-cert: give both to serve HTTPS, or neither")
    default: break
    }
    guard maxRequestBytes > 0, failedAuthLimit > 0, orphanGrace >= 0, readTimeout > 0, shutdownTimeout >= 0 else {
      throw ValidationError("sizes and times must be positive")
    }
  }

  var tlsFiles: ServerOptions.TLSFiles? {
    guard let tlsCert, let tlsKey else { return nil }
    return ServerOptions.TLSFiles(certificate: tlsCert, key: tlsKey)
  }

  /// What the server is asked to do; nil when `--listen` does not parse (`validate` refused it).
  public func serverOptions() -> ServerOptions? {
    let serveHTTP = listen != nil || sshListen == nil
    guard let (host, port) = ServerOptions.parseListen(listen ?? "127.0.0.1:\(ServerOptions.defaultPort)") else {
      return nil
    }
    let root = storeOptions.open().root
    var ssh: ServerOptions.SSHSettings? = nil
    if let sshListen, let authorizedKeys {
      guard let (sshHost, sshPort) = ServerOptions.parseListen(sshListen) else { return nil }
      ssh = ServerOptions.SSHSettings(
        host: sshHost, port: sshPort, authorizedKeys: authorizedKeys, hostKey: hostKey, idleTimeout: sshIdleTimeout,
        maxSessions: sshMaxSessions, loginTimeout: sshLoginTimeout)
    }
    return ServerOptions(
      serveHTTP: serveHTTP, ssh: ssh, host: host, port: port, storeRoot: root, organization: org, publicURL: publicURL,
      tls: tlsFiles, publicArchive: publicArchive, maxRequestBytes: maxRequestBytes,
      orphanGrace: orphanGrace, readTimeout: readTimeout, shutdownTimeout: shutdownTimeout,
      failedAuthLimit: failedAuthLimit)
  }
}

public enum ServeExit {
  public static let stopped = ExitStatus(0, "stopped by SIGTERM or SIGINT")
  public static let failed = ExitStatus(
    1,
    "cannot start: a --tls-cert or --tls-key file unreadable, not PEM, or the key not the certificate's "
      + "(the message names the file); an --authorized-keys line unusable (the message names the line); "
      + "the host key unreadable; address in use; the store cannot be opened")
  public static let table = ExitCodeTable(stopped, failed, .usage("usage error (e.g. --tls-cert without --tls-key)"))
}
