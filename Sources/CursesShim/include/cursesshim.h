#ifndef SNAPREV_CURSESSHIM_H
#define SNAPREV_CURSESSHIM_H
// The ncursesw calls the terminal backend needs, as plain functions
// (ncurses exposes many of them as macros or varargs, which Swift cannot call).
#include <stdint.h>
#include <stddef.h>

const char *cursesshim_version(void);

// Keys that are not characters, as cursesshim_read_key reports them.
enum {
  CURSESSHIM_KEY_NONE = 0,
  CURSESSHIM_KEY_UP = 1,
  CURSESSHIM_KEY_DOWN,
  CURSESSHIM_KEY_LEFT,
  CURSESSHIM_KEY_RIGHT,
  CURSESSHIM_KEY_HOME,
  CURSESSHIM_KEY_END,
  CURSESSHIM_KEY_PAGE_UP,
  CURSESSHIM_KEY_PAGE_DOWN,
  CURSESSHIM_KEY_ENTER,
  CURSESSHIM_KEY_BACKSPACE,
  CURSESSHIM_KEY_DELETE,
  CURSESSHIM_KEY_BACK_TAB,
  CURSESSHIM_KEY_RESIZE,
  CURSESSHIM_KEY_UNKNOWN = 99,
  CURSESSHIM_KEY_F0 = 100  // F1 is 101, ...
};

// Attribute bits for cursesshim_put.
enum {
  CURSESSHIM_BOLD = 1,
  CURSESSHIM_REVERSE = 2,
  CURSESSHIM_UNDERLINE = 4,
  CURSESSHIM_DIM = 8
};

// setlocale, then newterm on stdin/stdout with `term` (NULL: $TERM); raw, noecho,
// keypad, nodelay, no cursor, default colours. Returns 0, or -1 with `message` set
// (newterm returns NULL for an unknown terminal instead of exiting like initscr).
int cursesshim_start(const char *term, char *message, size_t message_size);
// Turns the terminal's mouse reports on or off (`enable`/`disable` are the escape
// sequences, SGRMouse's in Swift). While on, ncurses does not decode mouse reports itself
// (keyok(KEY_MOUSE, FALSE)): their characters arrive through cursesshim_read_key, and the
// reports are turned off again by cursesshim_stop and by the fatal-signal handler.
void cursesshim_set_mouse(int on, const char *enable, const char *disable);
// endwin; safe to call twice.
void cursesshim_stop(void);
int cursesshim_is_started(void);

int cursesshim_has_colors(void);
int cursesshim_colors(void);
int cursesshim_color_pairs(void);
// Whether the terminal description has the RGB (direct colour) capability.
int cursesshim_has_rgb(void);

void cursesshim_size(int *rows, int *columns);

// Reads one key without waiting. Returns 1 with *special (a CURSESSHIM_KEY_*) or
// *character set, 0 when there is nothing (ERR).
int cursesshim_read_key(int *special, uint32_t *character);

// Writes one grapheme (1..8 scalars) at (y, x) with attributes and colour pair.
int cursesshim_put(int y, int x, const uint32_t *scalars, int count, unsigned attributes, int pair);
// Defines colour pair `pair` (extended: pair numbers and colours above 255, direct RGB).
int cursesshim_init_pair(int pair, int foreground, int background);
void cursesshim_reset_pairs(void);
// wnoutrefresh + doupdate: ncurses sends only what changed.
void cursesshim_flush(void);
// The next flush repaints the whole screen (after a resize or a pair reset).
void cursesshim_force_repaint(void);
// The next flush rewrites lines y..y+count-1 even where ncurses thinks they are unchanged
// (wredrawln): what erases a sixel or iTerm2 image, which have no delete command.
void cursesshim_redraw_lines(int y, int count);
// The terminal's size from TIOCGWINSZ on `fd`, pixel fields included (0 when the terminal
// does not fill them in). Returns 0, or -1 when `fd` is not a terminal.
int cursesshim_window_size(int fd, int *rows, int *columns, int *pixel_width, int *pixel_height);

// Signals: SIGTERM, SIGHUP, SIGINT, SIGQUIT set a flag; SIGWINCH is passed on to
// ncurses's own handler. Each writes a byte to `wake_fd` so a poll wakes up. Fatal
// signals (SIGSEGV, SIGILL, SIGTRAP, SIGABRT, SIGBUS, SIGFPE) restore the saved tty
// modes with async-signal-safe calls before the default action runs.
int cursesshim_install_signals(int wake_fd);
// The termination signal received (0 if none), and clears a pending SIGWINCH into *winch.
int cursesshim_take_signal(int *winch);

// Waits until stdin is readable, `wake_fd` is readable, or `timeout_ms` passes.
// Returns bit 1: input, bit 2: wake, bit 4: input hung up or failed; -1 on error.
int cursesshim_wait(int wake_fd, int timeout_ms);
#endif
