#include "cursesshim.h"
#define NCURSES_WIDECHAR 1
#include <ncursesw/curses.h>

const char *cursesshim_version(void) { return curses_version(); }
