import Testing

extension Tag {
  /// Tests that drive the built binary through tmux, sshd, SIGKILL or many processes at
  /// once. They take seconds each, so their suites also carry a time limit: a hang fails
  /// the test instead of blocking the whole run.
  @Tag public static var endToEnd: Self
}
