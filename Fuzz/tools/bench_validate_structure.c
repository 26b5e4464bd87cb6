// Times pngshim_validate_structure and pngshim_read_header per file (median of 2,000 runs).
// Build: clang -O3 -ISources/PNGShim/include $(pkg-config --cflags libpng) Sources/PNGShim/*.c \
//   Fuzz/tools/bench_validate_structure.c -lpng16 -ldeflate -lz -o /tmp/bench_validate
// Run:   /tmp/bench_validate Tests/Fixtures/bench-screens/*.png
#include "pngshim.h"
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec * 1e6 + t.tv_nsec / 1e3; }
static int cmp(const void *a, const void *b) { double x = *(double*)a, y = *(double*)b; return x < y ? -1 : x > y; }
int main(int argc, char **argv) {
  for (int f = 1; f < argc; f++) {
    FILE *fp = fopen(argv[f], "rb"); fseek(fp, 0, SEEK_END); long n = ftell(fp); fseek(fp, 0, SEEK_SET);
    unsigned char *d = malloc(n); fread(d, 1, n, fp); fclose(fp);
    enum { RUNS = 2000 };
    static double v[RUNS], h[RUNS];
    pngshim_info info; char msg[PNGSHIM_MESSAGE_SIZE];
    for (int i = 0; i < RUNS; i++) {
      double t0 = now();
      if (pngshim_validate_structure(d, n, &info, msg)) { printf("%s: %s\n", argv[f], msg); return 1; }
      double t1 = now();
      pngshim_read_header(d, n, &info, msg);
      double t2 = now();
      v[i] = t1 - t0; h[i] = t2 - t1;
    }
    qsort(v, RUNS, sizeof *v, cmp); qsort(h, RUNS, sizeof *h, cmp);
    printf("%-60s %7ld bytes  validateStructure median %.1f us (p90 %.1f)  header read median %.1f us\n", argv[f], n, v[RUNS/2], v[RUNS*9/10], h[RUNS/2]);
  }
}
