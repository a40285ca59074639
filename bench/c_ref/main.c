/* `naive COUNT` prints the first COUNT primes as Python prints a list, like `primes COUNT`.
   `naive COUNT REPEATS` instead computes them REPEATS times and prints one JSON line with
   the wall time of each run in seconds, for timing without a process start in the way. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "naive.h"

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double) t.tv_sec + (double) t.tv_nsec * 1e-9;
}

static int parse_size(const char *text, size_t *value) {
    char *end;
    unsigned long long parsed = strtoull(text, &end, 10);
    if (*text == '\0' || *text == '-' || *end != '\0') {
        return -1;
    }
    *value = (size_t) parsed;
    return 0;
}

int main(int argc, char **argv) {
    size_t count, repeats = 0;
    if (argc < 2 || argc > 3 || parse_size(argv[1], &count) != 0 ||
        (argc == 3 && (parse_size(argv[2], &repeats) != 0 || repeats == 0))) {
        fprintf(stderr, "usage: %s COUNT [REPEATS]\n", argv[0]);
        return 2;
    }
    if (count > PRIMES_NAIVE_MAX_COUNT) {
        fprintf(stderr, "count %zu is too large (largest supported count: %zu)\n", count,
                PRIMES_NAIVE_MAX_COUNT);
        return 2;
    }
    uint32_t *primes = malloc((count ? count : 1) * sizeof *primes);
    if (primes == NULL) {
        fprintf(stderr, "cannot allocate the result for count %zu\n", count);
        return 1;
    }
    if (repeats == 0) {
        primes_naive_first_n(count, primes);
        fputc('[', stdout);
        for (size_t i = 0; i < count; i++) {
            printf(i ? ", %u" : "%u", (unsigned) primes[i]);
        }
        fputs("]\n", stdout);
    } else {
        printf("{\"count\": %zu, \"seconds\": [", count);
        for (size_t r = 0; r < repeats; r++) {
            double start = now();
            primes_naive_first_n(count, primes);
            printf(r ? ", %.9f" : "%.9f", now() - start);
        }
        printf("], \"last_prime\": %u}\n", count ? (unsigned) primes[count - 1] : 0u);
    }
    free(primes);
    return 0;
}
