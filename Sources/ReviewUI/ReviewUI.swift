import TerminalCanvas

/// The reviewer's state, actions, update and rendering into a `Canvas`.
public enum ReviewUIInfo {}
