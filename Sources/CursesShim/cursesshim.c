#define _GNU_SOURCE
#include "cursesshim.h"
#define NCURSES_WIDECHAR 1
#include <ncursesw/curses.h>
#include <stdlib.h>
#include <errno.h>
#include <langinfo.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>
#include <wchar.h>

const char *cursesshim_version(void) { return curses_version(); }

static SCREEN *screen = NULL;
static int started = 0;

// What the fatal-signal handler writes to give the terminal back: leave the alternate
// screen, show the cursor, reset attributes. Captured at start, before any signal.
static char restore_sequence[128];
static size_t restore_length = 0;
static struct termios saved_tty;
static char mouse_disable[32];
static int mouse_on = 0;
static int have_saved_tty = 0;

static void append_capability(const char *name) {
  char *value = tigetstr((char *)name);
  if (value == NULL || value == (char *)-1) return;
  size_t length = strlen(value);
  if (restore_length + length >= sizeof restore_sequence) return;
  memcpy(restore_sequence + restore_length, value, length);
  restore_length += length;
}

int cursesshim_start(const char *term, char *message, size_t message_size) {
  if (started) return 0;
  setlocale(LC_ALL, "");
  // An ssh forced command or a cron-like environment often runs with no LANG (the
  // "C" locale): ncursesw would then draw every non-ASCII character as '?'. Terminals
  // speak UTF-8, so fall back to a UTF-8 character type.
  const char *codeset = nl_langinfo(CODESET);
  if (codeset == NULL || strcmp(codeset, "UTF-8") != 0) {
    if (setlocale(LC_CTYPE, "C.UTF-8") == NULL) setlocale(LC_CTYPE, "en_US.UTF-8");
  }
  if (tcgetattr(STDIN_FILENO, &saved_tty) == 0) have_saved_tty = 1;
  if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
    snprintf(message, message_size, "standard input and output must be a terminal (over SSH use `ssh -t`)");
    return -1;
  }
  screen = newterm(term, stdout, stdin);
  if (screen == NULL) {
    snprintf(message, message_size, "cannot use terminal type \"%s\" (no terminfo entry)",
             term ? term : (getenv("TERM") ? getenv("TERM") : "(unset)"));
    return -1;
  }
  set_term(screen);
  started = 1;
  restore_length = 0;
  append_capability("sgr0");
  append_capability("cnorm");
  append_capability("rmcup");
  raw();
  noecho();
  nonl();
  keypad(stdscr, TRUE);
  nodelay(stdscr, TRUE);
  intrflush(stdscr, FALSE);
  leaveok(stdscr, TRUE);
  set_escdelay(25);
  curs_set(0);
  if (has_colors()) {
    start_color();
    use_default_colors();
  }
  // ncurses 6.4 (20230311, Debian 12) flushes its output after every internal cursor move
  // until the screen has once come back from endwin (_endwin stays ewInitial after
  // newterm; only doupdate's resume sets ewRunning): a redraw of the reviewer went out in
  // about 75 writes of 6-370 bytes, each a packet of its own over SSH. One endwin and
  // doupdate before the first frame puts the screen in the running state, and a frame
  // becomes one write (docs/PERFORMANCE.md, "Over SSH").
  endwin();
  doupdate();
  return 0;
}

void cursesshim_set_mouse(int on, const char *enable, const char *disable) {
  if (!started) return;
  if (on && !mouse_on) {
    size_t length = strlen(disable);
    if (length >= sizeof mouse_disable) return;
    memcpy(mouse_disable, disable, length + 1);
    keyok(KEY_MOUSE, FALSE);
    fputs(enable, stdout);
    fflush(stdout);
    // The fatal-signal handler writes restore_sequence: switch the reports off there too.
    if (restore_length + length < sizeof restore_sequence) {
      memcpy(restore_sequence + restore_length, disable, length);
      restore_length += length;
    }
    mouse_on = 1;
  } else if (!on && mouse_on) {
    fputs(mouse_disable, stdout);
    fflush(stdout);
    mouse_on = 0;
  }
}

void cursesshim_stop(void) {
  if (!started) return;
  if (mouse_on) cursesshim_set_mouse(0, "", "");
  started = 0;
  curs_set(1);
  endwin();
  if (screen != NULL) {
    delscreen(screen);
    screen = NULL;
  }
}

int cursesshim_is_started(void) { return started; }

int cursesshim_has_colors(void) { return has_colors() ? 1 : 0; }
int cursesshim_colors(void) { return COLORS; }
int cursesshim_color_pairs(void) { return COLOR_PAIRS; }
int cursesshim_has_rgb(void) { return tigetflag("RGB") > 0 ? 1 : 0; }

void cursesshim_size(int *rows, int *columns) {
  int y, x;
  getmaxyx(stdscr, y, x);
  *rows = y;
  *columns = x;
}

static int map_special(int code) {
  switch (code) {
  case KEY_UP: return CURSESSHIM_KEY_UP;
  case KEY_DOWN: return CURSESSHIM_KEY_DOWN;
  case KEY_LEFT: return CURSESSHIM_KEY_LEFT;
  case KEY_RIGHT: return CURSESSHIM_KEY_RIGHT;
  case KEY_HOME: return CURSESSHIM_KEY_HOME;
  case KEY_END: return CURSESSHIM_KEY_END;
  case KEY_PPAGE: return CURSESSHIM_KEY_PAGE_UP;
  case KEY_NPAGE: return CURSESSHIM_KEY_PAGE_DOWN;
  case KEY_ENTER: return CURSESSHIM_KEY_ENTER;
  case KEY_BACKSPACE: return CURSESSHIM_KEY_BACKSPACE;
  case KEY_DC: return CURSESSHIM_KEY_DELETE;
  case KEY_BTAB: return CURSESSHIM_KEY_BACK_TAB;
  case KEY_RESIZE: return CURSESSHIM_KEY_RESIZE;
  default:
    if (code >= KEY_F(1) && code <= KEY_F(24)) return CURSESSHIM_KEY_F0 + (code - KEY_F0);
    return CURSESSHIM_KEY_UNKNOWN;
  }
}

int cursesshim_read_key(int *special, uint32_t *character) {
  wint_t value = 0;
  int status = wget_wch(stdscr, &value);
  if (status == ERR) return 0;
  if (status == KEY_CODE_YES) {
    *special = map_special((int)value);
    *character = 0;
  } else {
    *special = CURSESSHIM_KEY_NONE;
    *character = (uint32_t)value;
  }
  return 1;
}

int cursesshim_put(int y, int x, const uint32_t *scalars, int count, unsigned attributes, int pair) {
  wchar_t text[CCHARW_MAX + 1];
  int n = 0;
  for (int i = 0; i < count && n < CCHARW_MAX; i++) text[n++] = (wchar_t)scalars[i];
  text[n] = 0;
  attr_t attrs = A_NORMAL;
  if (attributes & CURSESSHIM_BOLD) attrs |= A_BOLD;
  if (attributes & CURSESSHIM_REVERSE) attrs |= A_REVERSE;
  if (attributes & CURSESSHIM_UNDERLINE) attrs |= A_UNDERLINE;
  if (attributes & CURSESSHIM_DIM) attrs |= A_DIM;
  cchar_t cell;
  int extended = pair;
  if (setcchar(&cell, text, attrs, 0, &extended) == ERR) return -1;
  // The bottom-right cell reports ERR (the cursor cannot advance) but is drawn.
  return mvwadd_wch(stdscr, y, x, &cell) == ERR ? -1 : 0;
}

int cursesshim_init_pair(int pair, int foreground, int background) {
  return init_extended_pair(pair, foreground, background) == ERR ? -1 : 0;
}

void cursesshim_reset_pairs(void) { reset_color_pairs(); }

void cursesshim_flush(void) {
  wnoutrefresh(stdscr);
  doupdate();
}

void cursesshim_force_repaint(void) { clearok(curscr, TRUE); }

void cursesshim_redraw_lines(int y, int count) {
  if (count > 0) wredrawln(stdscr, y, count);
}

int cursesshim_window_size(int fd, int *rows, int *columns, int *pixel_width, int *pixel_height) {
  struct winsize size;
  if (ioctl(fd, TIOCGWINSZ, &size) != 0) return -1;
  *rows = size.ws_row;
  *columns = size.ws_col;
  *pixel_width = size.ws_xpixel;
  *pixel_height = size.ws_ypixel;
  return 0;
}

static volatile sig_atomic_t pending_termination = 0;
static volatile sig_atomic_t pending_winch = 0;
static int wake_descriptor = -1;
static struct sigaction ncurses_winch;

static void wake(void) {
  if (wake_descriptor >= 0) {
    char byte = 1;
    ssize_t ignored = write(wake_descriptor, &byte, 1);
    (void)ignored;
  }
}

// Only flags and a write: no allocation, no ncurses output, nothing that is not
// async-signal-safe.
static void on_signal(int signal_number) {
  int saved_errno = errno;
  if (signal_number == SIGWINCH) {
    pending_winch = 1;
    if (!(ncurses_winch.sa_flags & SA_SIGINFO) && ncurses_winch.sa_handler != SIG_DFL &&
        ncurses_winch.sa_handler != SIG_IGN && ncurses_winch.sa_handler != NULL) {
      ncurses_winch.sa_handler(signal_number);
    }
  } else {
    pending_termination = signal_number;
  }
  wake();
  errno = saved_errno;
}

static void on_fatal_signal(int signal_number) {
  if (have_saved_tty) tcsetattr(STDIN_FILENO, TCSANOW, &saved_tty);
  if (restore_length > 0) {
    ssize_t ignored = write(STDOUT_FILENO, restore_sequence, restore_length);
    (void)ignored;
  }
  signal(signal_number, SIG_DFL);
  raise(signal_number);
}

int cursesshim_install_signals(int wake_fd) {
  wake_descriptor = wake_fd;
  struct sigaction action;
  memset(&action, 0, sizeof action);
  action.sa_handler = on_signal;
  sigemptyset(&action.sa_mask);
  int terminating[] = {SIGTERM, SIGHUP, SIGINT, SIGQUIT};
  for (size_t i = 0; i < sizeof terminating / sizeof terminating[0]; i++) {
    if (sigaction(terminating[i], &action, NULL) != 0) return -1;
  }
  if (sigaction(SIGWINCH, &action, &ncurses_winch) != 0) return -1;
  struct sigaction fatal;
  memset(&fatal, 0, sizeof fatal);
  fatal.sa_handler = on_fatal_signal;
  sigemptyset(&fatal.sa_mask);
  fatal.sa_flags = SA_RESETHAND;
  int fatal_signals[] = {SIGSEGV, SIGILL, SIGTRAP, SIGABRT, SIGBUS, SIGFPE};
  for (size_t i = 0; i < sizeof fatal_signals / sizeof fatal_signals[0]; i++) {
    sigaction(fatal_signals[i], &fatal, NULL);
  }
  signal(SIGPIPE, SIG_IGN);
  return 0;
}

int cursesshim_take_signal(int *winch) {
  *winch = pending_winch ? 1 : 0;
  pending_winch = 0;
  return (int)pending_termination;
}

int cursesshim_wait(int wake_fd, int timeout_ms) {
  struct pollfd fds[2];
  fds[0].fd = STDIN_FILENO;
  fds[0].events = POLLIN;
  fds[0].revents = 0;
  fds[1].fd = wake_fd;
  fds[1].events = POLLIN;
  fds[1].revents = 0;
  int ready = poll(fds, wake_fd >= 0 ? 2 : 1, timeout_ms);
  if (ready < 0) return errno == EINTR ? 2 : -1;
  int result = 0;
  if (fds[0].revents & POLLIN) result |= 1;
  if (fds[0].revents & (POLLHUP | POLLERR | POLLNVAL)) result |= 4;
  if (wake_fd >= 0 && (fds[1].revents & POLLIN)) result |= 2;
  return result;
}
