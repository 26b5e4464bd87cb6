import NIOCore
import NIOPosix
import NIOSSH

#if canImport(Glibc)
  import Glibc
#endif

/// The reviewer's screen on its way out: the pseudo-terminal's master read on the SSH
/// channel's own event loop (an NIO pipe channel over a duplicate of the master), each read
/// sealed and sent in the same turn of the same thread, as sshd does in its one loop. Handing
/// each chunk from the session's thread to the event loop instead cost a second thread
/// wake-up per redraw: the server's own time from reading a redraw to sending it was 193 µs
/// that way (sshd: 64 µs in the same run) and is 120-142 µs now (sshd: 70-81 µs), with a
/// third fewer context switches (docs/PERFORMANCE.md, "Over SSH").
///
/// Back-pressure: when the SSH channel stops being writable (the client reads slowly) the pipe
/// channel stops reading (`autoRead` off) until it is writable again (`resume`), so the child
/// blocks on its full terminal and the server's memory stays bounded.
///
/// The pipe channel never sees the terminal hang up, because NIO cannot take that on a
/// terminal: told by epoll that the master hung up, it reads until EOF and traps if a read
/// then finds nothing (`BaseSocketChannel.readEOF0`), which a terminal whose slave is opened
/// again in between gives. So the session's thread holds the slave open for as long as the
/// pipe channel exists (`Spawn.startOnTerminal(holdingSlave:)`), closes the pipe channel when
/// the child has ended, and only then lets go of the slave and reads what is left itself,
/// until the master reports that everyone has closed the slave.
final class TerminalOutput: ChannelInboundHandler {
  typealias InboundIn = ByteBuffer

  private let session: Channel
  private let io: SessionIO

  private init(session: Channel, io: SessionIO) {
    self.session = session
    self.io = io
  }

  /// Starts reading `master` (which stays the caller's: the pipe channel owns a duplicate)
  /// on `session`'s event loop; the pipe channel, once it reads.
  static func start(master: Int32, session: Channel, io: SessionIO) -> EventLoopFuture<Channel> {
    let duplicate = fcntl(master, F_DUPFD_CLOEXEC, 0)
    guard duplicate >= 0 else {
      return session.eventLoop.makeFailedFuture(IOError(errnoCode: errno, reason: "dup"))
    }
    return NIOPipeBootstrap(group: session.eventLoop)
      .channelInitializer { pipe in
        pipe.eventLoop.makeCompletedFuture { try pipe.pipeline.syncOperations.addHandler(TerminalOutput(session: session, io: io)) }
      }
      .takingOwnershipOfDescriptor(inputOutput: duplicate)
  }

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    // Each read goes out at once as its own SSH packet, as sshd sends each read: the first
    // chunk of a redraw is the first byte on the client's screen.
    let written = session.writeAndFlush(SSHChannelData(type: .channel, data: .byteBuffer(unwrapInboundIn(data))))
    io.wrote(written)
    if !session.isWritable {
      context.channel.setOption(ChannelOptions.autoRead, value: false).whenFailure { _ in }
    }
  }

  func channelInactive(context: ChannelHandlerContext) {
    // Closed by the session's thread, or by a read error: either way, it reads from here on.
    io.outputEnded()
    context.fireChannelInactive()
  }

  func errorCaught(context: ChannelHandlerContext, error: Error) {
    context.close(promise: nil)
  }
}
