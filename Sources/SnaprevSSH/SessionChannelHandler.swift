import Foundation
import NIOCore
import NIOSSH
import ProcessSpawn
import TextEscaping

/// One SSH session channel, on its connection's event loop: collects the terminal request,
/// then starts the one command the shell or exec request allows (`SessionCommand`) in a
/// `SessionRunner`, and hands it the client's keystrokes and window changes. Environment
/// variables, subsystems (sftp), signals and a second command are refused.
final class SessionChannelHandler: ChannelInboundHandler {
  typealias InboundIn = SSHChannelData

  let shared: SSHShared
  let identity: ConnectionIdentity
  let address: String
  private var terminal: SSHChannelRequestEvent.PseudoTerminalRequest?
  private var session: SessionIO?
  private var requested = false

  init(shared: SSHShared, identity: ConnectionIdentity, address: String) {
    self.shared = shared
    self.identity = identity
    self.address = address
  }

  func handlerAdded(context: ChannelHandlerContext) {
    // The client's EOF (stdin closed) must not close the channel before the output is sent.
    context.channel.setOption(ChannelOptions.allowRemoteHalfClosure, value: true).whenFailure { _ in }
  }

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    let message = unwrapInboundIn(data)
    guard message.type == .channel, case .byteBuffer(let buffer) = message.data else { return }
    session?.input(Array(buffer.readableBytesView))
  }

  func channelWritabilityChanged(context: ChannelHandlerContext) {
    if context.channel.isWritable { session?.resumeOutput() }
    context.fireChannelWritabilityChanged()
  }

  func channelInactive(context: ChannelHandlerContext) {
    session?.hangUp()
    context.fireChannelInactive()
  }

  func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
    switch event {
    case let request as SSHChannelRequestEvent.PseudoTerminalRequest:
      guard !requested else { return reply(context, request.wantReply, success: false) }
      terminal = request
      reply(context, request.wantReply, success: true)
    case let change as SSHChannelRequestEvent.WindowChangeRequest:
      let size = Spawn.TerminalSize(columns: change.terminalCharacterWidth, rows: change.terminalRowHeight)
      session?.resize(size)
    case let request as SSHChannelRequestEvent.ShellRequest:
      start(context, command: nil, wantReply: request.wantReply)
    case let request as SSHChannelRequestEvent.ExecRequest:
      start(context, command: request.command, wantReply: request.wantReply)
    case let request as SSHChannelRequestEvent.SubsystemRequest:
      refuse(context, "snaprev: no subsystems (\(SafeText.escaped(request.subsystem))) here", wantReply: request.wantReply)
    case let request as SSHChannelRequestEvent.EnvironmentRequest:
      reply(context, request.wantReply, success: false)
    case is ChannelEvent:
      break  // the client's EOF: a session reads its input until it hangs up
    default:
      context.fireUserInboundEventTriggered(event)
    }
  }

  private func reply(_ context: ChannelHandlerContext, _ wantReply: Bool, success: Bool) {
    guard wantReply else { return }
    if success {
      context.channel.triggerUserOutboundEvent(ChannelSuccessEvent(), promise: nil)
    } else {
      context.channel.triggerUserOutboundEvent(ChannelFailureEvent(), promise: nil)
    }
  }

  /// Says why on standard error, then ends the channel with exit status 1; nothing ran.
  /// The request itself is acknowledged: OpenSSH's client exits at once on a failed exec or
  /// subsystem reply, before it prints what arrived on standard error, and the person
  /// should read why.
  private func refuse(_ context: ChannelHandlerContext, _ message: String, wantReply: Bool) {
    requested = true
    reply(context, wantReply, success: true)
    var buffer = context.channel.allocator.buffer(capacity: message.utf8.count + 2)
    buffer.writeString(message + "\r\n")
    // Flushed first: channel requests (the exit status) overtake unflushed data.
    context.channel.writeAndFlush(SSHChannelData(type: .stdErr, data: .byteBuffer(buffer)), promise: nil)
    let channel = context.channel
    channel.triggerUserOutboundEvent(SSHChannelRequestEvent.ExitStatus(exitStatus: 1))
      .whenComplete { _ in channel.close(promise: nil) }
  }

  private func start(_ context: ChannelHandlerContext, command text: String?, wantReply: Bool) {
    guard !requested else { return reply(context, wantReply, success: false) }
    guard let key = identity.authorized else { return refuse(context, "snaprev: not logged in", wantReply: wantReply) }
    let command: SessionCommand
    switch SessionCommand.parse(text) {
    case .success(let parsed): command = parsed
    case .failure(let refusal):
      shared.logger.info("ssh: \(address): \(SafeText.escaped(key.name)): refused \(SafeText.escaped(text ?? "a shell"))")
      return refuse(context, refusal.message, wantReply: wantReply)
    }
    if command.needsTerminal && terminal == nil {
      return refuse(context, "snaprev: the reviewer needs a terminal: ssh -t", wantReply: wantReply)
    }
    let io = SessionIO()
    guard shared.sessions.acquire(io) else {
      return refuse(
        context, "snaprev: the server has its maximum of \(shared.sessions.limit) sessions open; try again later",
        wantReply: wantReply)
    }
    requested = true
    session = io
    reply(context, wantReply, success: true)
    let launch = SessionRunner.Launch(
      executable: shared.snaprev,
      arguments: command.arguments(store: shared.storeRoot, name: key.name, fingerprint: key.fingerprint),
      environment: Self.environment(term: terminal?.term),
      size: terminal.map { Spawn.TerminalSize(columns: $0.terminalCharacterWidth, rows: $0.terminalRowHeight) },
      idleTimeout: shared.settings.idleTimeout)
    shared.logger.info(
      "ssh: \(address): \(SafeText.escaped(key.name)): \(SafeText.escaped(text ?? "the build list"))\(terminal == nil ? "" : " on a terminal")"
    )
    let channel = context.channel
    let sessions = shared.sessions
    let logger = shared.logger
    let address = self.address
    Thread.detachNewThread {
      let status = SessionRunner(io: io, channel: channel, launch: launch).run()
      sessions.release(io)
      logger.info("ssh: \(address): session ended, \(status)")
    }
  }

  /// The server's environment without its own terminal, SSH agent and snaprev settings (the
  /// session gets its store and reviewer as arguments), with the client's TERM.
  static func environment(term: String?) -> [String: String] {
    var environment = ProcessInfo.processInfo.environment.filter {
      !$0.key.hasPrefix("SNAPREV_") && !$0.key.hasPrefix("SSH_")
        && !["TERM", "COLORTERM", "NO_COLOR", "COLUMNS", "LINES", "TMUX"].contains($0.key)
    }
    if let term {
      let usable = !term.isEmpty && term.utf8.count <= 64 && term.utf8.allSatisfy { byte in
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
          || byte == 0x2D || byte == 0x2E || byte == 0x5F || byte == 0x2B
      }
      environment["TERM"] = usable ? term : "xterm"
    }
    return environment
  }
}
