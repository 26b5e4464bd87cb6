import ArgumentParser
import DurableFiles
import FoundationEssentials
import TextEscaping

/// The one error format on stderr: `snaprev <command>: <message>`, the message escaped
/// (it quotes file names, sidecar keys, server replies). Usage errors stay ArgumentParser's
/// own (`Error: …` and the usage line, exit 64); everything else a command reports,
/// including an error it throws without catching, goes through here (`Snaprev.main`).
public enum CommandOutput {
  /// Prints the message and returns the exit code to throw.
  public static func fail(_ command: String, _ message: String, _ status: ExitStatus) -> ExitCode {
    note(command, message)
    return status.exit
  }

  /// A line on stderr that is not an error: progress, "reusing the store at …".
  public static func note(_ command: String, _ message: String) {
    StandardStream.error.write("snaprev \(command): \(SafeText.escaped(message))\n")
  }

  /// A summary on stderr that stands alone (`upload`'s "uploaded …", `gc`'s counts), so that
  /// stdout carries only what scripts read.
  public static func info(_ line: String) {
    StandardStream.error.write(SafeText.escaped(line) + "\n")
  }
}
